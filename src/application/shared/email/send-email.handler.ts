import type { JobHandler } from '@application/shared/jobs';
import type { Mailer } from '@application/shared/mailer';
import { messageIdOf } from './message-id';
import { renderEmail } from './render-email';
import type { RenderableEmail, sendEmail } from './send-email.job';
import type { EmailClaim, SentEmails } from './sent-emails';

export type SendEmailDeps = Readonly<{
  mailer: Mailer;
  sentEmails: SentEmails;
  /** The reset link of a reset token id (the secret part is derived from the id with a server key). */
  resetLinkFor: (resetTokenId: string) => string;
  /** While another run holds the claim, how often to look again (2 s by default: it usually died, and its claim is taken over at the takeover time). */
  claimPollMs?: number;
}>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long a run waits behind another run's claim before it gives up and lets BullMQ retry the job. */
const MAX_WAIT_MS = 10 * 60_000;

/** Claims the job's e-mail, waiting while another run holds the claim: until it is sent, given back, or taken over. */
const claimWhenFree = async (sentEmails: SentEmails, jobId: string, claim: Readonly<{ messageId: string; attempt: number }>, pollMs: number) => {
  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const result: EmailClaim = await sentEmails.claim(jobId, claim);
    if (result.status !== 'busy') return result;
    if (Date.now() > deadline) throw new Error(`The e-mail of job ${jobId} has been claimed by another run for too long`);
    await sleep(Math.min(result.retryInMs, pollMs));
  }
};

/** Records the send; a few tries, then it gives up without failing the job: the e-mail went out, a retry would send it again. */
const markSent = async (sentEmails: SentEmails, jobId: string, holder: string): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await sentEmails.markSent(jobId, holder);
      return;
    } catch {
      if (attempt >= 3) return;
      await sleep(100 * attempt);
    }
  }
};

/**
 * Sends each job's e-mail, and never loses one to a crash. A run claims the e-mail (`sending`), sends it with a
 * Message-ID derived from the job id, then marks the claim `sent`. A run that finds the e-mail `sent` does nothing;
 * one that finds it `sending` waits, and takes the claim over once it is older than the takeover time (its run died:
 * BullMQ runs a job whose worker died again after its stalled-job check). A send that fails gives the claim back, so
 * that BullMQ's retry sends. A message goes out twice only if a run dies after the server accepted it and before the
 * claim was marked sent, and then both copies carry the same Message-ID.
 */
export const sendEmailHandler =
  ({ mailer, sentEmails, resetLinkFor, claimPollMs = 2_000 }: SendEmailDeps): JobHandler<typeof sendEmail> =>
  async (payload, { jobId, attempt }) => {
    const email: RenderableEmail =
      payload.template === 'forgot-password'
        ? { template: payload.template, to: payload.to, username: payload.username, resetLink: resetLinkFor(payload.resetTokenId) }
        : payload;
    const rendered = renderEmail(email);
    const claim = await claimWhenFree(sentEmails, jobId, { messageId: messageIdOf(jobId, mailer.senderDomain), attempt }, claimPollMs);
    if (claim.status === 'sent') return;
    try {
      await mailer.send({ to: payload.to, ...rendered, messageId: claim.messageId });
    } catch (error) {
      // If the release fails too, the claim stays `sending` and the retry takes it over after the takeover time.
      await sentEmails.release(jobId, claim.holder).catch(() => undefined);
      throw error;
    }
    await markSent(sentEmails, jobId, claim.holder);
  };
