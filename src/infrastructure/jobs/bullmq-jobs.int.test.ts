import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, registerJob, type JobHandler } from '@application/shared/jobs';
import { uniqueName } from '@test/support/unique-name';
import { connectBullMq } from './bullmq-connection';
import { BullMqJobs } from './bullmq-jobs';
import { InvalidJobPayloadError } from './job-payload';
import { JobWorkers } from './job-workers';
import { capturingLogger, type LogLine } from './testing/capturing-logger';
import { waitUntil } from './testing/wait-until';

const greet = defineJob('test.greet', z.object({ name: z.string().min(1) }));
type Run = { name: string; jobId: string; attempt: number; at: number };

const redisUrl = (): string => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests through jest so that the global setup starts Redis');
  return url;
};

describe('BullMqJobs with JobWorkers', () => {
  let prefix: string;
  let runs: Run[];
  let lines: LogLine[];
  let jobs: BullMqJobs;
  let workers: JobWorkers | undefined;
  let inspector: Queue;
  let inspectorConnection: Redis;

  const recording =
    (behaviour: (run: Run) => Promise<void> = async () => undefined): JobHandler<typeof greet> =>
    async (payload, context) => {
      const run = { name: payload.name, ...context, at: Date.now() };
      runs.push(run);
      await behaviour(run);
    };
  const startWorkers = async (handler: JobHandler<typeof greet>) => {
    const captured = capturingLogger();
    lines = captured.lines;
    workers = new JobWorkers(() => connectBullMq(redisUrl()), [registerJob(greet, handler)], captured.logger, { prefix });
    await workers.start();
  };
  const completed = async () => (await inspector.getJobCounts('completed')).completed ?? 0;

  beforeEach(() => {
    prefix = uniqueName('jobs');
    runs = [];
    jobs = new BullMqJobs(() => connectBullMq(redisUrl()), capturingLogger().logger, { prefix, firstBackoffMs: 50 });
    inspectorConnection = connectBullMq(redisUrl());
    inspector = new Queue('test', { connection: inspectorConnection, prefix });
  });
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
    await jobs.close();
    await inspector.obliterate({ force: true });
    await inspector.close();
    await inspectorConnection.quit();
  });

  it('runs a job once, with the caller’s id and attempt 1', async () => {
    await startWorkers(recording());
    await jobs.enqueue(greet, { name: 'Ada' }, { jobId: 'user-followed:42' });
    await waitUntil('the job completed', async () => (await completed()) === 1);
    expect(runs).toEqual([expect.objectContaining({ name: 'Ada', jobId: 'user-followed:42', attempt: 1 })]);
  });

  it('runs a job enqueued twice with the same id once, even after it completed', async () => {
    await jobs.enqueue(greet, { name: 'Ada' }, { jobId: 'same' });
    await jobs.enqueue(greet, { name: 'Bob' }, { jobId: 'same' });
    await startWorkers(recording());
    await waitUntil('the job completed', async () => (await completed()) === 1);
    await jobs.enqueue(greet, { name: 'Cy' }, { jobId: 'same' });
    await jobs.enqueue(greet, { name: 'Dee' }, { jobId: 'other' });
    await waitUntil('the other job completed', async () => (await completed()) === 2);
    expect(runs.map((run) => run.name)).toEqual(['Ada', 'Dee']);
  });

  it('runs a delayed job once, not before its delay has passed since it was added', async () => {
    const delayMs = 1_500;
    await startWorkers(recording());
    const addedAt = Date.now();
    await jobs.enqueue(greet, { name: 'Ada' }, { jobId: 'later', delayMs });
    await jobs.enqueue(greet, { name: 'Bob' }, { jobId: 'later', delayMs });
    expect(await inspector.getJobState('test.greet.later')).toBe('delayed');
    // A job without delay, added after it, shows that the worker takes jobs meanwhile.
    await jobs.enqueue(greet, { name: 'Cy' }, { jobId: 'now' });
    await waitUntil('the job without delay completed', async () => (await completed()) === 1);
    const checkedAfterMs = Date.now() - addedAt;
    expect(checkedAfterMs).toBeLessThan(delayMs);
    expect(runs.map((run) => run.name)).toEqual(['Cy']);
    await waitUntil('the delayed job completed', async () => (await completed()) === 2);
    expect(runs.map((run) => run.name)).toEqual(['Cy', 'Ada']);
    expect((runs[1]?.at ?? 0) - addedAt).toBeGreaterThanOrEqual(delayMs);
  });

  it('retries a failing handler with growing backoff until it succeeds on attempt 3, logging each failure once', async () => {
    await startWorkers(
      recording(async (run) => {
        if (run.attempt < 3) throw new Error(`refused on attempt ${run.attempt}`);
      }),
    );
    await jobs.enqueue(greet, { name: 'Ada' }, { jobId: 'flaky' });
    await waitUntil('the job completed', async () => (await completed()) === 1);
    expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = runs.map((run) => run.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(50);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(100);
    const failures = lines.filter((line) => line.msg === 'job attempt failed, it will be retried');
    expect(failures.map((line) => [line.attempt, (line.err as { message: string }).message])).toEqual([
      [1, 'refused on attempt 1'],
      [2, 'refused on attempt 2'],
    ]);
  });

  it('refuses an invalid payload at enqueue and adds nothing', async () => {
    const invalid = { name: '' };
    await expect(jobs.enqueue(greet, invalid, { jobId: 'bad' })).rejects.toBeInstanceOf(InvalidJobPayloadError);
    expect(await inspector.getJob('test.greet.bad')).toBeUndefined();
    expect(await inspector.count()).toBe(0);
  });

  it('fails a job whose payload no longer fits its schema without retrying it', async () => {
    await startWorkers(recording());
    await inspector.add('test.greet', { name: 42 }, { jobId: 'test.greet.stale', attempts: 5 });
    await waitUntil('the job failed', async () => (await inspector.getJobCounts('failed')).failed === 1);
    expect(runs).toEqual([]);
    expect(lines.filter((line) => line.msg === 'job failed for good')).toHaveLength(1);
  });

  it('waits for running jobs when closing', async () => {
    let finished = false;
    await startWorkers(
      recording(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      }),
    );
    await jobs.enqueue(greet, { name: 'Ada' }, { jobId: 'slow' });
    await waitUntil('the job started', () => runs.length === 1);
    await workers?.close();
    expect(finished).toBe(true);
    expect(await completed()).toBe(1);
  });
});
