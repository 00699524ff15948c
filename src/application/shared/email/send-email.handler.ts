import type { JobHandler } from '@application/shared/jobs';
import type { Mailer } from '@application/shared/mailer';
import { renderEmail } from './render-email';
import type { RenderableEmail, sendEmail } from './send-email.job';
import type { SentEmails } from './sent-emails';

export type SendEmailDeps = Readonly<{
  mailer: Mailer;
  sentEmails: SentEmails;
  /** The reset link of a reset token id (the secret part is derived from the id with a server key). */
  resetLinkFor: (resetTokenId: string) => string;
}>;

/**
 * Sends each job's e-mail at most once. The claim comes before the send: a crash between the two loses that one
 * e-mail, but a job that runs again (a retry after a lost acknowledgement, a stalled job taken over) never sends
 * it twice. A send that fails gives the claim back, so that BullMQ's retry can send.
 */
export const sendEmailHandler =
  ({ mailer, sentEmails, resetLinkFor }: SendEmailDeps): JobHandler<typeof sendEmail> =>
  async (payload, { jobId }) => {
    const email: RenderableEmail =
      payload.template === 'forgot-password'
        ? { template: payload.template, to: payload.to, username: payload.username, resetLink: resetLinkFor(payload.resetTokenId) }
        : payload;
    const message = { to: payload.to, ...renderEmail(email) };
    if (!(await sentEmails.claim(jobId))) return;
    try {
      await mailer.send(message);
    } catch (error) {
      await sentEmails.release(jobId);
      throw error;
    }
  };
