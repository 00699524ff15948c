import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EnqueueOptions, JobDefinition, JobPayload, Jobs } from '@application/shared/jobs';
import { bullJobIdOf, queueNameOf } from './job-routing';
import { parseJobPayload } from './job-payload';

export type BullMqJobsOptions = Readonly<{
  /** BullMQ's Redis key prefix; tests use a unique one each. */
  prefix: string;
  attempts: number;
  /** The first retry waits this long, each next one twice as long. */
  firstBackoffMs: number;
}>;

export const defaultBullMqJobsOptions: BullMqJobsOptions = { prefix: 'bull', attempts: 5, firstBackoffMs: 1_000 };

const hour = 60 * 60;

const jobOptions = (options: BullMqJobsOptions): DefaultJobOptions => ({
  attempts: options.attempts,
  backoff: { type: 'exponential', delay: options.firstBackoffMs },
  // A finished job keeps its id for a while, so that a policy that runs again (after a crash, before its
  // checkpoint moved) adds nothing: BullMQ ignores an add whose id it still holds.
  removeOnComplete: { age: 24 * hour },
  removeOnFail: { age: 7 * 24 * hour },
});

/** Adds jobs to BullMQ, one shared queue per context, all on one connection made on first use. */
export class BullMqJobs implements Jobs {
  private readonly options: BullMqJobsOptions;
  private readonly queues = new Map<string, Queue>();
  private connection: Redis | undefined;

  constructor(
    private readonly connect: () => Redis,
    private readonly logger: Logger,
    options: Partial<BullMqJobsOptions> = {},
  ) {
    this.options = { ...defaultBullMqJobsOptions, ...options };
  }

  async enqueue<J extends JobDefinition>(job: J, payload: JobPayload<J>, options: EnqueueOptions): Promise<void> {
    const data = parseJobPayload(job, payload);
    // A delayed job waits in BullMQ's delayed set under its id, so an add with the same id meanwhile adds nothing either.
    const delay = options.delayMs && options.delayMs > 0 ? { delay: options.delayMs } : {};
    await this.queueFor(job).add(job.name, data, { jobId: bullJobIdOf(job.name, options.jobId), ...delay });
  }

  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((queue) => queue.close()));
    await this.connection?.quit();
    this.connection = undefined;
  }

  private queueFor(job: JobDefinition): Queue {
    const name = queueNameOf(job);
    const existing = this.queues.get(name);
    if (existing) return existing;
    this.connection ??= this.connect();
    const queue = new Queue(name, { connection: this.connection, prefix: this.options.prefix, defaultJobOptions: jobOptions(this.options) });
    queue.on('error', (error) => this.logger.error({ err: error, queue: name }, 'job queue error'));
    this.queues.set(name, queue);
    return queue;
  }
}
