import { z } from 'zod';
import type { JobDefinition } from '@application/shared/jobs';

/** A payload that does not match its job's schema: a programming error, never worth a retry. */
export class InvalidJobPayloadError extends Error {
  override readonly name = 'InvalidJobPayloadError';
  readonly code = 'invalid-job-payload';

  constructor(
    readonly jobName: string,
    details: string,
  ) {
    super(`Invalid payload for job ${jobName}: ${details}`);
  }
}

/** The parsed payload (the schema may strip or transform fields), or an InvalidJobPayloadError. */
export const parseJobPayload = (job: JobDefinition, payload: unknown): unknown => {
  const parsed = job.schema.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(job.name, z.prettifyError(parsed.error));
  return parsed.data;
};
