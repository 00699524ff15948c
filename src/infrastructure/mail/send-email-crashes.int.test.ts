import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { messageIdOf, sendEmail, type EmailPayload } from '@application/shared/email';
import { connectBullMq } from '@infrastructure/jobs/bullmq-connection';
import { BullMqJobs } from '@infrastructure/jobs/bullmq-jobs';
import { capturingLogger } from '@infrastructure/jobs/testing/capturing-logger';
import { killAllFixtures, killFixture, startFixture } from '@test/support/child-processes';
import { eventually } from '@test/support/eventually';
import { openTestDatabase } from '@test/support/mongo';
import { uniqueName } from '@test/support/unique-name';
import { MongoSentEmails } from './mongo-sent-emails';
import { startTestSmtpServer, type TestSmtpServer } from './testing/test-smtp-server';

const JOBS = 150;
const KILLS = 5;
/** The takeover time the worker uses: the production one (60 s, twice BullMQ's 30 s lock) scaled down like the fixture's lock. */
const TAKEOVER_AFTER_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const env = (name: 'MONGO_URL' | 'REDIS_URL'): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest so that the global setup starts the services`);
  return value;
};

const jobIdOf = (i: number) => `user-followed:kill-${i}`;
/** The subject names the job, so that the test finds each job's messages without trusting their Message-IDs. */
const payloadOf = (jobId: string): EmailPayload => ({
  template: 'notification',
  to: 'ada@example.com',
  username: 'Ada',
  subject: jobId,
  header: 'Follower Notification',
  message: `${jobId} is now following you.`,
});

describe('the e-mail job worker, killed at random moments', () => {
  let db: Db;
  let closeDb: () => Promise<void>;
  let server: TestSmtpServer;
  let jobs: BullMqJobs;
  let inspector: Queue;
  let inspectorConnection: Redis;
  let prefix: string;

  beforeEach(async () => {
    ({ db, close: closeDb } = await openTestDatabase('email_kills'));
    // The server keeps a message up to 60 ms before it answers 250: a kill then leaves a message out but not marked sent.
    server = await startTestSmtpServer({ acceptDelayMs: [0, 60] });
    prefix = uniqueName('emailkills');
    jobs = new BullMqJobs(() => connectBullMq(env('REDIS_URL')), capturingLogger().logger, { prefix, firstBackoffMs: 100 });
    inspectorConnection = connectBullMq(env('REDIS_URL'));
    inspector = new Queue('email', { connection: inspectorConnection, prefix });
  });
  afterEach(async () => {
    await killAllFixtures();
    await jobs.close();
    await inspector.obliterate({ force: true });
    await inspector.close();
    await inspectorConnection.quit();
    await server.close();
    await closeDb();
  });

  it('sends every e-mail, and a duplicate only as the same message', async () => {
    const start = () =>
      startFixture('test/fixtures/email-worker-process.ts', [
        env('MONGO_URL'),
        db.databaseName,
        env('REDIS_URL'),
        prefix,
        server.url,
        String(TAKEOVER_AFTER_MS),
      ]);
    const jobIds = Array.from({ length: JOBS }, (_, i) => jobIdOf(i));
    const messagesByJob = () => {
      const byJob = new Map<string, string[]>();
      for (const mail of server.received) byJob.set(mail.subject ?? '', [...(byJob.get(mail.subject ?? '') ?? []), mail.messageId ?? '']);
      return byJob;
    };

    // The kills come at random points of the work: each once the server holds a random number of the e-mails (so
    // that the worker is busy sending), then after a random pause (so that it may be at any step of a send).
    const killPoints = Array.from({ length: KILLS }, () => 10 + Math.floor(Math.random() * (JOBS - 20))).sort((a, b) => a - b);
    const startedAt = Date.now();
    let child: ChildProcess = await start();
    await Promise.all(jobIds.map((jobId) => jobs.enqueue(sendEmail, payloadOf(jobId), { jobId })));
    /** Per kill: the e-mails not yet at the server when it happened (work in progress). */
    const outstandingAtKills: number[] = [];
    for (const killPoint of killPoints) {
      await eventually(async () => messagesByJob().size >= killPoint, 60_000, `${killPoint} e-mails at the SMTP server`);
      await sleep(Math.random() * 300);
      outstandingAtKills.push(JOBS - messagesByJob().size);
      await killFixture(child);
      child = await start();
    }

    // Every e-mail reaches the server (the figures are printed, and the lost ones named, even if some never do), and
    // every job completes: none failed for good, none left waiting.
    await eventually(async () => messagesByJob().size === JOBS, 90_000, 'every e-mail at the SMTP server').catch(() => undefined);
    await eventually(async () => (await inspector.getJobCounts('completed')).completed === JOBS, 30_000, 'every job completed').catch(() => undefined);
    const elapsedMs = Date.now() - startedAt;
    await killFixture(child);

    const byJob = messagesByJob();
    const lost = jobIds.filter((jobId) => !byJob.has(jobId));
    const duplicated = jobIds.filter((jobId) => (byJob.get(jobId)?.length ?? 0) > 1);
    const extraMessages = duplicated.reduce((sum, jobId) => sum + (byJob.get(jobId)?.length ?? 0) - 1, 0);
    const takenOver = await db.collection('sent_email_reclaims').countDocuments({ takeover: true });
    console.log(
      `e-mails under kill -9: ${JOBS} jobs, ${KILLS} kills (e-mails outstanding at each: ${outstandingAtKills.join(', ')}), ` +
        `lost ${lost.length}, duplicated ${duplicated.length} (${extraMessages} extra messages, all with their job's Message-ID), ` +
        `claims taken over from a killed run ${takenOver}, ${server.received.length} messages in ${(elapsedMs / 1000).toFixed(1)} s`,
    );

    expect(outstandingAtKills.filter((outstanding) => outstanding > 0).length).toBeGreaterThanOrEqual(3);
    expect(lost).toEqual([]);
    for (const jobId of jobIds) {
      expect(new Set(byJob.get(jobId))).toEqual(new Set([messageIdOf(jobId, 'chatty.test')]));
    }
    expect(await inspector.getJobCounts('failed', 'waiting', 'active', 'delayed')).toEqual({ failed: 0, waiting: 0, active: 0, delayed: 0 });
    const sentEmails = new MongoSentEmails(db);
    for (const jobId of jobIds) expect(await sentEmails.claim(jobId, { messageId: '<unused@chatty.test>', attempt: 1 })).toEqual({ status: 'sent' });
  }, 150_000);
});
