/**
 * What a claim attempt found:
 * - `claimed`: this run holds the claim and sends, with `messageId` (the one first recorded for the job, so that a
 *   takeover sends the very message the dead run may have sent); `holder` identifies this run's claim;
 * - `sent`: the e-mail went out already, nothing to do;
 * - `busy`: another run is sending it and may still be alive; the claim can be taken over in `retryInMs` at most.
 */
export type EmailClaim =
  Readonly<{ status: 'claimed'; holder: string; messageId: string }> | Readonly<{ status: 'sent' }> | Readonly<{ status: 'busy'; retryInMs: number }>;

/**
 * Remembers which e-mail jobs have been sent (or are being sent), so that a job that runs twice sends once, and a
 * job whose run died while sending is sent by the next run. A claim is durable: it outlives the process and a Redis
 * flush. It goes `sending` (by one run, since when) → `sent` (with its Message-ID), or is given back after a failed
 * send; a claim left `sending` longer than the takeover time belongs to a run that is gone, and the next run takes it
 * over.
 */
export interface SentEmails {
  /**
   * Claims the job's e-mail for this run: the first run claims it; a run that finds it `sending` for longer than the
   * takeover time takes it over (only one of several concurrent takers wins); `attempt` is recorded for diagnosis.
   */
  claim(jobId: string, claim: Readonly<{ messageId: string; attempt: number }>): Promise<EmailClaim>;
  /** Records that the holder's message went out (even if its claim was taken over meanwhile: the e-mail did go out). */
  markSent(jobId: string, holder: string): Promise<void>;
  /** Gives the holder's claim back after a failed send, so that a retry may send. */
  release(jobId: string, holder: string): Promise<void>;
}
