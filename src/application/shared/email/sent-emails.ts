/**
 * Remembers which e-mail jobs have been sent (or are being sent), so that a job that runs twice sends once.
 * A claim is durable: it outlives the process and a Redis flush.
 */
export interface SentEmails {
  /** True for the first caller with this jobId; false if the jobId is already claimed. */
  claim(jobId: string): Promise<boolean>;
  /** Gives a claim back after a failed send, so that a retry may send. */
  release(jobId: string): Promise<void>;
}
