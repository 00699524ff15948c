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

/**
 * The client shows basic info as HTML: tags are dropped and stray angle brackets escaped, so a profile cannot run
 * script in a visitor's browser. Entities the client's editor writes (`&amp;`, `&nbsp;`) stay as they are.
 */
const plainText = (value: string): string =>
  value
    .replace(/<[a-z/!?][^>]*>/gi, '')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

const optionalPlainText = (name: string, max: number) => optionalText(name, max).transform((value) => (typeof value === 'string' ? plainText(value) : value));

/** The client makes social links `href`s: a link with a scheme must be http(s), so `javascript:` links never reach it. */
const isSafeLink = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value, 'https://relative.link/').protocol);
  } catch {
    return false;
  }
};

const optionalLink = (name: string) => optionalText(name, 500).refine((value) => !value || isSafeLink(value), `"${name}" must be a web link (http or https)`);

const optionalFlag = (name: string) => z.boolean({ error: `"${name}" must be a boolean` }).optional();

export const basicInfoBody = z.strictObject({
  quote: optionalPlainText('quote', 500),
  work: optionalPlainText('work', 200),
  school: optionalPlainText('school', 200),
  location: optionalPlainText('location', 200),
});

export const socialLinksBody = z.strictObject({
  facebook: optionalLink('facebook'),
  instagram: optionalLink('instagram'),
  twitter: optionalLink('twitter'),
  youtube: optionalLink('youtube'),
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
