/**
 * One message to one recipient. `messageId` is its `Message-ID` header (`<local@domain>`): the caller sets a stable
 * one, so that a message sent twice (a crash after the server accepted it, before the sender recorded it) is
 * recognisably the same message, which mail systems drop as a duplicate.
 */
export type MailMessage = Readonly<{ to: string; subject: string; html: string; text: string; messageId: string }>;

export interface Mailer {
  /** The domain of the sender address (MAIL_FROM), the one Message-IDs are made in. */
  readonly senderDomain: string;
  /** Sends (or, in the embedded default, writes to the outbox folder) one message; rejects when it could not. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}
