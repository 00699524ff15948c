import { z } from 'zod';

/*
 * The client's forms and the old server's messages (contract 2.2). As at sign-up, passwords may be up to 64
 * characters (the old limit of 8 was a weakness, not a contract).
 */
const password = z
  .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'Password is a required field' : 'Password should be a type of string') })
  .min(1, 'Password is a required field')
  .min(4, 'Password must have a minimum length of 4')
  .max(64, 'Password should have a maximum length of 64');

export const changePasswordBody = z
  .strictObject({
    currentPassword: password,
    newPassword: password,
    confirmPassword: z.string({ error: 'Confirm password does not match new password.' }),
  })
  .refine((body) => body.confirmPassword === body.newPassword, { message: 'Confirm password does not match new password.' });

/** An optional text field: absent leaves it as it is, null or '' clears it. */
const optionalText = (name: string, max: number) =>
  z
    .string({ error: `"${name}" must be a string` })
    .max(max, `"${name}" length must be less than or equal to ${max} characters long`)
    .nullable()
    .optional();

const optionalFlag = (name: string) => z.boolean({ error: `"${name}" must be a boolean` }).optional();

export const basicInfoBody = z.strictObject({
  quote: optionalText('quote', 500),
  work: optionalText('work', 200),
  school: optionalText('school', 200),
  location: optionalText('location', 200),
});

export const socialLinksBody = z.strictObject({
  facebook: optionalText('facebook', 500),
  instagram: optionalText('instagram', 500),
  twitter: optionalText('twitter', 500),
  youtube: optionalText('youtube', 500),
});

export const settingsBody = z.strictObject({
  messages: optionalFlag('messages'),
  reactions: optionalFlag('reactions'),
  comments: optionalFlag('comments'),
  follows: optionalFlag('follows'),
});

/** The fields a body names, with null read as '': what a partial update merges. */
export const textChanges = <K extends string>(body: Partial<Record<K, string | null | undefined>>): Partial<Record<K, string>> => {
  const changes: Partial<Record<K, string>> = {};
  for (const [key, value] of Object.entries(body) as Array<[K, string | null | undefined]>) if (value !== undefined) changes[key] = value ?? '';
  return changes;
};

export const flagChanges = <K extends string>(body: Partial<Record<K, boolean | undefined>>): Partial<Record<K, boolean>> => {
  const changes: Partial<Record<K, boolean>> = {};
  for (const [key, value] of Object.entries(body) as Array<[K, boolean | undefined]>) if (value !== undefined) changes[key] = value;
  return changes;
};

/** Page numbers come from the URL: a positive whole number, and not absurdly large. */
export const pageNumberOf = (raw: string): number | null => (/^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null);
