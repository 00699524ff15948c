import { createTransport, type Transporter } from 'nodemailer';
import type { SentMessageInfo } from 'nodemailer/lib/smtp-transport';
import type { MailMessage, Mailer } from '@application/shared/mailer';
import { senderDomainOf } from './sender-domain';

/**
 * Sends through an SMTP server given as a URL (smtp:// or smtps://, with credentials and nodemailer's options
 * as query parameters, such as `?pool=true`). `send` rejects when the server refuses the message. Each message goes
 * out with the Message-ID its caller gives.
 */
export class SmtpMailer implements Mailer {
  readonly senderDomain: string;
  private readonly transport: Transporter<SentMessageInfo>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl);
    this.senderDomain = senderDomainOf(from);
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    return { messageId: info.messageId };
  }

  /** Closes pooled connections, if the URL asked for a pool. */
  async close(): Promise<void> {
    this.transport.close();
  }
}
