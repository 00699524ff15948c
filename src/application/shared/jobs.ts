import type { z } from 'zod';

/** A kind of background job: a stable name and the schema of its payload. */
export type JobDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> = Readonly<{ name: Name; schema: Schema }>;

export const defineJob = <Name extends string, Schema extends z.ZodType>(name: Name, schema: Schema): JobDefinition<Name, Schema> => ({ name, schema });

export type JobPayload<J> = J extends JobDefinition<string, infer S> ? z.infer<S> : never;

export type EnqueueOptions = Readonly<{ jobId: string; delayMs?: number }>;

/** Side effects run as jobs, retried with backoff. */
export interface Jobs {
  /**
   * Adds a job once: a second call with the same `jobId` (derived from the event that caused it) adds nothing,
   * so a policy that runs again never sends anything twice. A job with `delayMs` runs no sooner than that after it
   * was added.
   */
  enqueue<J extends JobDefinition>(job: J, payload: JobPayload<J>, options: EnqueueOptions): Promise<void>;
}

export type JobHandler<J extends JobDefinition> = (payload: JobPayload<J>, context: { jobId: string; attempt: number }) => Promise<void>;

/** A job with the handler that runs it in the worker role; `JobHandler<never>` accepts every handler, `registerJob` checks the fit. */
export type JobRegistration = Readonly<{ job: JobDefinition; handler: JobHandler<never> }>;

export const registerJob = <J extends JobDefinition>(job: J, handler: JobHandler<J>): JobRegistration => ({ job, handler });
