import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Mailer } from '@application/shared/mailer';
import type { Config } from '@infrastructure/config/config';
import { OutboxMailer } from './outbox-mailer';
import { SmtpMailer } from './smtp-mailer';

export type ClosableMailer = Mailer & { close(): Promise<void> };

export const outboxDir = (dataDir: string): string => join(dataDir, 'mail');

/** SMTP when SMTP_URL is set; otherwise the outbox folder `<DATA_DIR>/mail/`. */
export const createMailer = (config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>, logger: Logger): ClosableMailer => {
  if (config.smtpUrl !== undefined) return new SmtpMailer(config.smtpUrl, config.mailFrom);
  const dir = outboxDir(config.dataDir);
  logger.info({ dir }, 'SMTP_URL is not set: e-mails are written to the outbox folder');
  return new OutboxMailer({ dir, from: config.mailFrom, logger });
};
