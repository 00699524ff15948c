import { z } from 'zod';
import { isCssColour } from '../middleware/css-colour';
import { isValidUsername } from '../middleware/usernames';
import { contractString } from '../middleware/validation';

/*
 * The client's forms and the old server's messages (contract 2.1). Passwords may be longer than the old limit of 8
 * (a weakness, not a contract): up to 64 characters, still from 4 so existing client forms keep working.
 */
const username = contractString({
  name: 'username',
  required: 'Username is a required field',
  type: 'Username must be of type string',
  invalid: 'Invalid username',
  min: 4,
  max: 8,
});
const password = contractString({
  name: 'password',
  required: 'Password is a required field',
  type: 'Password must be of type string',
  invalid: 'Invalid password',
  min: 4,
  max: 64,
});

/** A new name: letters and digits with at most two separators (see usernames.ts); existing names sign in as they are. */
const newUsername = username.refine(isValidUsername, 'Invalid username');

export const signUpBody = z.strictObject({
  username: newUsername,
  password,
  email: contractString({
    name: 'email',
    required: 'Email is a required field',
    type: 'Email must be of type string',
    email: 'Email must be valid',
    max: 254,
    invalid: 'Email must be valid',
  }),
  avatarColor: contractString({
    name: 'avatarColor',
    required: 'Avatar color is required',
    type: 'Avatar color is required',
    max: 32,
    invalid: 'Avatar color is invalid',
  }).refine(isCssColour, 'Avatar color is invalid'),
  avatarImage: contractString({ name: 'avatarImage', required: 'Avatar image is required', type: 'Avatar image is required' }),
});

export const signInBody = z.strictObject({ username, password });

export const forgotPasswordBody = z.strictObject({
  email: contractString({ name: 'email', required: 'Field must be valid', type: 'Field must be valid', email: 'Field must be valid', max: 254 }),
});

export const resetPasswordBody = z
  .strictObject({
    password: contractString({
      name: 'password',
      required: 'Password is a required field',
      type: 'Password should be of type string',
      invalid: 'Invalid password',
      min: 4,
      max: 64,
    }),
    confirmPassword: contractString({ name: 'confirmPassword', required: 'Confirm password is a required field', type: 'Passwords should match' }),
  })
  .refine((body) => body.password === body.confirmPassword, { message: 'Passwords should match' });
