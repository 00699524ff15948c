import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobDefinition, JobRegistration } from '@application/shared/jobs';
import { callerJobIdOf, queueNameOf } from './job-routing';
import { InvalidJobPayloadError, parseJobPayload } from './job-payload';

export type JobWorkersOptions = Readonly<{
  /** BullMQ's Redis key prefix: the same as the producers' (BullMqJobs). */
  prefix: string;
  /** Jobs run at the same time, per queue, per process. */
  concurrency: number;
  /** A running job's lock lasts this long and is renewed at half of it: a job whose process died is free once it expires. */
  lockDurationMs: number;
  /** How often a worker looks for jobs whose lock expired (stalled jobs), to run them again. */
  stalledIntervalMs: number;
  /**
   * How often one job may be taken back from a dead process before it fails for good. BullMQ's default is 1, but a job
   * caught in two crashes (a crash loop, a deploy that kills workers twice) is no poison job: it would be lost.
   */
  maxStalledCount: number;
}>;

/**
 * After a crash, a job is run again once its lock expired and a stalled-job check saw it: within about
 * `lockDurationMs + 2 × stalledIntervalMs` (90 s) of the crash, provided a worker runs (the check runs at a worker's
 * start, then every `stalledIntervalMs`, shared by all workers of a queue).
 */
export const defaultJobWorkersOptions: JobWorkersOptions = {
  prefix: 'bull',
  concurrency: 5,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 10,
};

type RunningWorker = { worker: Worker; connection: Redis };

const byQueue = (registrations: readonly JobRegistration[]): Map<string, Map<string, JobRegistration>> => {
  const queues = new Map<string, Map<string, JobRegistration>>();
  for (const registration of registrations) {
    const queueName = queueNameOf(registration.job);
    const jobs = queues.get(queueName) ?? new Map<string, JobRegistration>();
    if (jobs.has(registration.job.name)) throw new Error(`Job ${registration.job.name} is registered twice`);
    queues.set(queueName, jobs.set(registration.job.name, registration));
  }
  return queues;
};

/** Runs the registered handlers in the worker role: one BullMQ worker, on its own connection, per queue. */
export class JobWorkers {
  private readonly options: JobWorkersOptions;
  private readonly queues: Map<string, Map<string, JobRegistration>>;
  private running: RunningWorker[] = [];

  constructor(
    private readonly connect: () => Redis,
    registrations: readonly JobRegistration[],
    private readonly logger: Logger,
    options: Partial<JobWorkersOptions> = {},
  ) {
    this.options = { ...defaultJobWorkersOptions, ...options };
    this.queues = byQueue(registrations);
  }

  /** Resolves once every worker is connected and taking jobs. */
  async start(): Promise<void> {
    if (this.running.length > 0) throw new Error('The job workers are already running');
    for (const [queueName, jobs] of this.queues) this.running.push(this.startWorker(queueName, jobs));
    await Promise.all(this.running.map(({ worker }) => worker.waitUntilReady()));
  }

  /** Waits for the jobs that are running, then closes the workers and their connections. */
  async close(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running.map(({ worker }) => worker.close()));
    await Promise.all(running.map(({ connection }) => connection.quit()));
  }

  private startWorker(queueName: string, jobs: Map<string, JobRegistration>): RunningWorker {
    const connection = this.connect();
    const worker = new Worker(queueName, (job) => this.process(jobs, job), {
      connection,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs,
      maxStalledCount: this.options.maxStalledCount,
    });
    worker.on('failed', (job, error) => this.logFailure(queueName, job, error));
    worker.on('error', (error) => this.logger.error({ err: error, queue: queueName }, 'job worker error'));
    return { worker, connection };
  }

  private async process(jobs: Map<string, JobRegistration>, job: Job): Promise<void> {
    // A job name nobody here handles is left to retries: during a rolling deploy, a newer worker may take it.
    const registration = jobs.get(job.name);
    if (!registration) throw new Error(`No handler for job ${job.name} in this process`);
    const payload = this.parse(registration.job, job.data);
    const jobId = callerJobIdOf(job.name, job.id ?? '');
    await registration.handler(payload as never, { jobId, attempt: job.attemptsMade + 1 });
  }

  private parse(job: JobDefinition, data: unknown): unknown {
    try {
      return parseJobPayload(job, data);
    } catch (error) {
      // A payload that was valid when added fails only after its schema changed: retrying cannot help.
      if (error instanceof InvalidJobPayloadError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  private logFailure(queue: string, job: Job | undefined, error: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const attempt = job?.attemptsMade ?? 0;
    const willRetry = attempt < attempts && !(error instanceof UnrecoverableError);
    const context = { err: error, queue, jobName: job?.name, jobId: job?.id, attempt, attempts };
    if (willRetry) this.logger.warn(context, 'job attempt failed, it will be retried');
    else this.logger.error(context, 'job failed for good');
  }
}
