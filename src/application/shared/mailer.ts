export type MailMessage = Readonly<{ to: string; subject: string; html: string; text: string }>;

export interface Mailer {
  /** Sends (or, in the embedded default, writes to the outbox folder) one message; rejects when it could not. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}
