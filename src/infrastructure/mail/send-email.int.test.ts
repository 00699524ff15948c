import type { Db } from 'mongodb';
import { sendEmail, sendEmailHandler, type EmailPayload } from '@application/shared/email';
import { connectBullMq } from '@infrastructure/jobs/bullmq-connection';
import { BullMqJobs } from '@infrastructure/jobs/bullmq-jobs';
import { registerJob } from '@application/shared/jobs';
import { JobWorkers } from '@infrastructure/jobs/job-workers';
import { capturingLogger } from '@infrastructure/jobs/testing/capturing-logger';
import { waitUntil } from '@infrastructure/jobs/testing/wait-until';
import { openTestDatabase } from '@test/support/mongo';
import { uniqueName } from '@test/support/unique-name';
import { MongoSentEmails } from './mongo-sent-emails';
import { SmtpMailer } from './smtp-mailer';
import { startTestSmtpServer, type TestSmtpServer } from './testing/test-smtp-server';

const payload: EmailPayload = {
  template: 'forgot-password',
  to: 'ada@example.com',
  username: 'Ada',
  resetTokenId: 'abc',
};
const resetLinkFor = (tokenId: string) => `http://localhost:3000/reset-password?token=${tokenId}`;

const redisUrl = (): string => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests through jest so that the global setup starts Redis');
  return url;
};

describe('the sendEmail job', () => {
  let db: Db;
  let closeDb: () => Promise<void>;
  let server: TestSmtpServer;
  let mailer: SmtpMailer;

  beforeEach(async () => {
    ({ db, close: closeDb } = await openTestDatabase('send_email'));
    server = await startTestSmtpServer();
    mailer = new SmtpMailer(server.url, 'Chatty App <no-reply@chatty.test>');
  });
  afterEach(async () => {
    await mailer.close();
    await server.close();
    await closeDb();
  });

  it('sends the rendered e-mail once when the same job runs twice', async () => {
    const handle = sendEmailHandler({ mailer, sentEmails: new MongoSentEmails(db), resetLinkFor });
    await handle(payload, { jobId: 'password-reset-requested:1', attempt: 1 });
    await handle(payload, { jobId: 'password-reset-requested:1', attempt: 2 });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ subject: 'Reset your password', to: { text: 'ada@example.com' } });
    expect(server.received[0]?.html).toContain('href="http://localhost:3000/reset-password?token=abc"');
  });

  it('sends once when the same job runs twice at the same time', async () => {
    const handle = sendEmailHandler({ mailer, sentEmails: new MongoSentEmails(db), resetLinkFor });
    await Promise.all([1, 2].map((attempt) => handle(payload, { jobId: 'concurrent', attempt })));
    expect(server.received).toHaveLength(1);
  });

  it('gives the claim back when the server refuses, so that the retry sends', async () => {
    const handle = sendEmailHandler({ mailer, sentEmails: new MongoSentEmails(db), resetLinkFor });
    server.refuseNext(1);
    await expect(handle(payload, { jobId: 'refused-once', attempt: 1 })).rejects.toMatchObject({ responseCode: 550 });
    await handle(payload, { jobId: 'refused-once', attempt: 2 });
    expect(server.received).toHaveLength(1);
  });

  it('is retried by BullMQ after a refused send and delivers exactly one message', async () => {
    const prefix = uniqueName('email');
    const connect = () => connectBullMq(redisUrl());
    const { logger, lines } = capturingLogger();
    const jobs = new BullMqJobs(connect, logger, { prefix, firstBackoffMs: 20 });
    const workers = new JobWorkers(connect, [registerJob(sendEmail, sendEmailHandler({ mailer, sentEmails: new MongoSentEmails(db), resetLinkFor }))], logger, {
      prefix,
    });
    try {
      await workers.start();
      server.refuseNext(1);
      await jobs.enqueue(sendEmail, payload, { jobId: 'password-reset-requested:7' });
      await jobs.enqueue(sendEmail, payload, { jobId: 'password-reset-requested:7' });
      await waitUntil('the e-mail arrived', () => server.received.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.received).toHaveLength(1);
      expect(lines.filter((line) => line.msg === 'job attempt failed, it will be retried')).toHaveLength(1);
    } finally {
      await workers.close();
      await jobs.close();
    }
  });
});
