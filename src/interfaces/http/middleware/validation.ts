import { z } from 'zod';
import { ValidationError } from '@domain/shared';

export type StringRules = Readonly<{ name: string; required: string; type: string; invalid?: string; min?: number; max?: number; email?: string }>;

/**
 * A required string with the client's messages: missing or empty → `required`, not a string → `type`, out of
 * bounds → `invalid`, not an e-mail → `email`.
 */
export const contractString = (rules: StringRules) => {
  let schema = z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? rules.required : rules.type) }).min(1, rules.required);
  if (rules.min !== undefined) schema = schema.min(rules.min, rules.invalid ?? rules.required);
  if (rules.max !== undefined) schema = schema.max(rules.max, rules.invalid ?? rules.required);
  return rules.email ? schema.pipe(z.email(rules.email)) : schema;
};

/** A required string with Joi's messages (`"name" is required`, `… must be a string`, `… is not allowed to be empty`, its length). */
export const requiredString = (name: string, max: number, { allowEmpty = false } = {}) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `"${name}" is required` : `"${name}" must be a string`) })
    .min(allowEmpty ? 0 : 1, `"${name}" is not allowed to be empty`)
    .max(max, `"${name}" length must be less than or equal to ${max} characters long`);

/** Parses a body with a strict schema; the first problem becomes a 400 with its message, as the client shows it. */
export const parseBody = <S extends z.ZodType>(schema: S, body: unknown): z.infer<S> => {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') throw new ValidationError(`"${issue.keys[0]}" is not allowed`);
  throw new ValidationError(issue?.message ?? 'Invalid request body');
};

/**
 * A positive whole number from a URL (a page, a position): digits only, so no sign, exponent, fraction, leading zero or
 * repeated parameter, and at most `maxDigits` of them; anything else is a 400 with `message`.
 */
export const positiveIntegerOf = (raw: unknown, { message, maxDigits = 6 }: { message: string; maxDigits?: number }): number => {
  if (typeof raw !== 'string' || raw.length > maxDigits || !/^[1-9]\d*$/.test(raw)) throw new ValidationError(message);
  return Number(raw);
};
