import type { JobDefinition } from '@application/shared/jobs';

/**
 * One BullMQ queue per bounded context, named by the job name's first segment ('email.send' → 'email'): a slow
 * or failing context (media transcoding) never holds up another (e-mails), and each can be watched and scaled
 * on its own, while a context's jobs share one queue and one worker.
 */
export const queueNameOf = (job: Pick<JobDefinition, 'name'>): string => {
  const context = job.name.split('.')[0];
  if (!context || context.includes(':')) throw new Error(`Job name "${job.name}" must start with its context: "<context>.<job>"`);
  return context;
};

/**
 * BullMQ refuses custom ids that look like integers or hold a ':', and callers derive ids from events
 * ('user-followed:<eventId>'), so the id is encoded; prefixing the job name keeps two kinds of jobs caused
 * by one event apart.
 */
export const bullJobIdOf = (jobName: string, jobId: string): string => `${jobName}.${encodeURIComponent(jobId)}`;

export const callerJobIdOf = (jobName: string, bullJobId: string): string => {
  if (!bullJobId.startsWith(`${jobName}.`)) throw new Error(`Job id "${bullJobId}" was not made for a "${jobName}" job`);
  return decodeURIComponent(bullJobId.slice(jobName.length + 1));
};
