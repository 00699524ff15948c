import type { Db } from 'mongodb';
import type { Clock } from '@application/shared/clock';
import { messageIdOf, sendEmail, sendEmailHandler, type EmailPayload } from '@application/shared/email';
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

const takeoverAfterMs = 60_000;

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
  let now: number;
  /** The time of the claims, moved by hand (the handler still sleeps in real time while it waits). */
  const clock: Clock = { now: () => new Date(now) };
  const sentEmails = (options: { takeoverAfterMs?: number; clock?: Clock } = {}) =>
    new MongoSentEmails(db, options.clock ?? clock, { takeoverAfterMs: options.takeoverAfterMs ?? takeoverAfterMs });
  const claimOf = async (jobId: string) => db.collection('sent_emails').findOne({ _id: jobId as never });
  /** What a run that died while sending leaves behind: a claim `sending`, and maybe the message at the server. */
  const dieWhileSending = async (jobId: string, { afterTheServerAccepted }: { afterTheServerAccepted: boolean }) => {
    const claim = await sentEmails().claim(jobId, { messageId: messageIdOf(jobId, mailer.senderDomain), attempt: 1 });
    if (claim.status !== 'claimed') throw new Error('the first run should claim');
    if (afterTheServerAccepted) await mailer.send({ to: payload.to, subject: 'Reset your password', html: '<p>-</p>', text: '-', messageId: claim.messageId });
  };

  beforeEach(async () => {
    now = Date.parse('2024-05-06T07:08:09.000Z');
    ({ db, close: closeDb } = await openTestDatabase('send_email'));
    server = await startTestSmtpServer();
    mailer = new SmtpMailer(server.url, 'Chatty App <no-reply@chatty.test>');
  });
  afterEach(async () => {
    await mailer.close();
    await server.close();
    await closeDb();
  });

  it('sends the rendered e-mail once, with the Message-ID of its job, when the same job runs twice', async () => {
    const handle = sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor });
    await handle(payload, { jobId: 'password-reset-requested:1', attempt: 1 });
    await handle(payload, { jobId: 'password-reset-requested:1', attempt: 2 });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ subject: 'Reset your password', to: { text: 'ada@example.com' } });
    expect(server.received[0]?.html).toContain('href="http://localhost:3000/reset-password?token=abc"');
    expect(server.received[0]?.messageId).toBe(messageIdOf('password-reset-requested:1', 'chatty.test'));
    expect(await claimOf('password-reset-requested:1')).toMatchObject({ status: 'sent', messageId: server.received[0]?.messageId });
  });

  it('sends once when the same job runs twice at the same time', async () => {
    const handle = sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor, claimPollMs: 20 });
    await Promise.all([1, 2].map((attempt) => handle(payload, { jobId: 'concurrent', attempt })));
    expect(server.received).toHaveLength(1);
  });

  it('does not send an e-mail whose claim is marked sent, however old', async () => {
    const claim = await sentEmails().claim('sent-before', { messageId: messageIdOf('sent-before', 'chatty.test'), attempt: 1 });
    if (claim.status !== 'claimed') throw new Error('the first run should claim');
    await sentEmails().markSent('sent-before', claim.holder);
    now += 10 * takeoverAfterMs;
    await sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor })(payload, { jobId: 'sent-before', attempt: 1 });
    expect(server.received).toHaveLength(0);
  });

  it('sends an e-mail claimed by a run that died before sending, with the same Message-ID, once the claim is older than the takeover time', async () => {
    await dieWhileSending('died-before-sending', { afterTheServerAccepted: false });
    now += takeoverAfterMs;
    const handle = sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor });
    await handle(payload, { jobId: 'died-before-sending', attempt: 1 });
    await handle(payload, { jobId: 'died-before-sending', attempt: 1 });
    expect(server.received.map((mail) => mail.messageId)).toEqual([messageIdOf('died-before-sending', 'chatty.test')]);
    expect(await db.collection('sent_email_reclaims').find().toArray()).toEqual([expect.objectContaining({ status: 'sent', takeover: true })]);
  });

  it('sends again, as the same message, an e-mail whose run died after the server accepted it and before marking it sent', async () => {
    await dieWhileSending('died-after-sending', { afterTheServerAccepted: true });
    now += takeoverAfterMs;
    await sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor })(payload, { jobId: 'died-after-sending', attempt: 1 });
    const messageId = messageIdOf('died-after-sending', 'chatty.test');
    expect(server.received.map((mail) => mail.messageId)).toEqual([messageId, messageId]);
  });

  it('waits behind a dead run’s fresh claim until the takeover time, then sends', async () => {
    const realTime = { takeoverAfterMs: 400, clock: { now: () => new Date() } };
    const claim = await sentEmails(realTime).claim('fresh-claim', { messageId: messageIdOf('fresh-claim', 'chatty.test'), attempt: 1 });
    expect(claim.status).toBe('claimed');
    const started = Date.now();
    await sendEmailHandler({ mailer, sentEmails: sentEmails(realTime), resetLinkFor, claimPollMs: 50 })(payload, { jobId: 'fresh-claim', attempt: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(server.received).toHaveLength(1);
  });

  it('waits behind a live run’s claim and sends nothing once that run marked the e-mail sent', async () => {
    const live = await sentEmails().claim('live-claim', { messageId: messageIdOf('live-claim', 'chatty.test'), attempt: 1 });
    if (live.status !== 'claimed') throw new Error('the first run should claim');
    let done = false;
    const waiting = sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor, claimPollMs: 20 })(payload, { jobId: 'live-claim', attempt: 1 }).then(
      () => {
        done = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(done).toBe(false);
    await sentEmails().markSent('live-claim', live.holder);
    await waiting;
    expect(server.received).toHaveLength(0);
  });

  it('gives the claim back when the server refuses, so that the retry sends', async () => {
    const handle = sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor });
    server.refuseNext(1);
    await expect(handle(payload, { jobId: 'refused-once', attempt: 1 })).rejects.toMatchObject({ responseCode: 550 });
    expect(await claimOf('refused-once')).toMatchObject({ status: 'released' });
    await handle(payload, { jobId: 'refused-once', attempt: 2 });
    expect(server.received).toHaveLength(1);
  });

  it('is retried by BullMQ after a refused send and delivers exactly one message', async () => {
    const prefix = uniqueName('email');
    const connect = () => connectBullMq(redisUrl());
    const { logger, lines } = capturingLogger();
    const jobs = new BullMqJobs(connect, logger, { prefix, firstBackoffMs: 20 });
    const workers = new JobWorkers(connect, [registerJob(sendEmail, sendEmailHandler({ mailer, sentEmails: sentEmails(), resetLinkFor }))], logger, {
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
