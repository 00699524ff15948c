import { z } from 'zod';
import { defineJob } from '@application/shared/jobs';

const recipient = z.email().max(254);
const username = z.string().min(1).max(100);
/** Subjects and headers become mail headers or headings: one line each. */
const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\r\n]*$/, 'must be a single line');
/** The moment is part of the payload, so that rendering stays pure and a retry shows the same date. */
const isoInstant = z.iso.datetime();

/** Only the reset token's id travels in the job: the link with its secret is built by the worker when it sends. */
const forgotPassword = z.strictObject({
  template: z.literal('forgot-password'),
  to: recipient,
  username,
  resetTokenId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/),
});

const passwordResetConfirmation = z.strictObject({
  template: z.literal('password-reset-confirmation'),
  to: recipient,
  username,
  changedAt: isoInstant,
});

const passwordChanged = z.strictObject({
  template: z.literal('password-changed'),
  to: recipient,
  username,
  changedAt: isoInstant,
});

const notification = z.strictObject({
  template: z.literal('notification'),
  to: recipient,
  username,
  subject: singleLine(200),
  header: singleLine(200),
  message: z.string().min(1).max(10_000),
});

export const emailPayloadSchema = z.discriminatedUnion('template', [forgotPassword, passwordResetConfirmation, passwordChanged, notification]);

export type EmailPayload = z.infer<typeof emailPayloadSchema>;

/** An e-mail ready to render: the reset token id of a job replaced by its link. */
export type RenderableEmail =
  | Exclude<EmailPayload, { template: 'forgot-password' }>
  | (Omit<Extract<EmailPayload, { template: 'forgot-password' }>, 'resetTokenId'> & { resetLink: string });
export type EmailTemplate = EmailPayload['template'];

/** One e-mail to one recipient; the caller's jobId (derived from the event) makes it sent at most once. */
export const sendEmail = defineJob('email.send', emailPayloadSchema);
