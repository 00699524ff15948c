import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { SentMessageInfo } from 'nodemailer/lib/stream-transport';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '@application/shared/clock';
import type { MailMessage, Mailer } from '@application/shared/mailer';
import { senderDomainOf } from './sender-domain';

export type OutboxMailerOptions = Readonly<{ dir: string; from: string; logger: Logger; clock?: Clock }>;

const fileSafe = (value: string): string => value.replace(/[^A-Za-z0-9.@_-]/g, '');

/**
 * The embedded default, when no SMTP server is configured: each message becomes an RFC 822 .eml file in the
 * outbox folder (any mail client opens it), with the Message-ID its caller gives, and one log line tells the
 * developer where it went.
 */
export class OutboxMailer implements Mailer {
  readonly senderDomain: string;
  private readonly transport: Transporter<SentMessageInfo>;
  private readonly clock: Clock;

  constructor(private readonly options: OutboxMailerOptions) {
    this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    this.clock = options.clock ?? systemClock;
    this.senderDomain = senderDomainOf(options.from);
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const info = await this.transport.sendMail({ from: this.options.from, ...message });
    if (!Buffer.isBuffer(info.message)) throw new Error('The outbox transport did not return the message as a buffer');
    // Time first, so that a directory listing shows the messages in the order they were written.
    const stamp = this.clock.now().toISOString().replace(/:/g, '-');
    const file = join(this.options.dir, `${stamp}-${fileSafe(info.messageId)}.eml`);
    await mkdir(this.options.dir, { recursive: true });
    await writeFile(file, info.message, { flag: 'wx' });
    this.options.logger.info({ file, to: message.to }, 'e-mail written to the outbox');
    return { messageId: info.messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
