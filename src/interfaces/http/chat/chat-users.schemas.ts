import { z } from 'zod';

/*
 * Contract 2.9 `add-chat-users` and `remove-chat-users`: two usernames, as the client's `profile.username` and the
 * `add chat users` list spell them (compared case-insensitively); unknown keys are refused.
 */

const USERNAME_MAX = 100;

const username = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `"${name}" is required` : `"${name}" must be a string`) })
    .min(1, `"${name}" is not allowed to be empty`)
    .max(USERNAME_MAX, `"${name}" length must be less than or equal to ${USERNAME_MAX} characters long`);

export const chatUsersBody = z.strictObject({ userOne: username('userOne'), userTwo: username('userTwo') });
