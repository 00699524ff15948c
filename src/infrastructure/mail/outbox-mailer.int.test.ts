import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { capturingLogger } from '@infrastructure/jobs/testing/capturing-logger';
import { createMailer, outboxDir } from './create-mailer';
import { OutboxMailer } from './outbox-mailer';
import { SmtpMailer } from './smtp-mailer';

const message = {
  to: 'ada@example.com',
  subject: 'Password Reset Confirmation',
  html: '<p>Hello Ada</p>',
  text: 'Hello Ada',
  messageId: '<0123456789abcdef@chatty.test>',
};

describe('OutboxMailer', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatty-outbox-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes a readable .eml file into <DATA_DIR>/mail and logs where it went', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'Chatty App <no-reply@chatty.test>', dataDir }, logger);
    expect(mailer).toBeInstanceOf(OutboxMailer);

    expect(mailer.senderDomain).toBe('chatty.test');
    const { messageId } = await mailer.send(message);
    expect(messageId).toBe('<0123456789abcdef@chatty.test>');

    const files = await readdir(outboxDir(dataDir));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const file = join(outboxDir(dataDir), files[0] ?? '');
    const mail = await simpleParser(await readFile(file));
    expect(mail).toMatchObject({ messageId, subject: 'Password Reset Confirmation', html: '<p>Hello Ada</p>', text: 'Hello Ada' });
    expect(mail.from?.value).toEqual([{ name: 'Chatty App', address: 'no-reply@chatty.test' }]);
    expect(lines.filter((line) => line.file === file)).toEqual([expect.objectContaining({ level: 30, to: 'ada@example.com' })]);
  });

  it('keeps every message in its own file', async () => {
    const { logger } = capturingLogger();
    const mailer = new OutboxMailer({ dir: join(dataDir, 'mail'), from: 'no-reply@chatty.test', logger });
    await mailer.send(message);
    await mailer.send(message);
    expect(await readdir(join(dataDir, 'mail'))).toHaveLength(2);
  });
});

describe('createMailer', () => {
  it('chooses SMTP when SMTP_URL is set', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'no-reply@chatty.test', dataDir: tmpdir() }, capturingLogger().logger);
    expect(mailer).toBeInstanceOf(SmtpMailer);
    await mailer.close();
  });
});
