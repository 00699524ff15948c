import { createHash } from 'node:crypto';

/**
 * The `Message-ID` of a job's e-mail: the same for every run of the job (so that a message sent twice is recognisably
 * one message), distinct for distinct jobs (128 bits of the SHA-256 of the job id, which itself stays out of the header).
 */
export const messageIdOf = (jobId: string, domain: string): string => `<${createHash('sha256').update(jobId).digest('hex').slice(0, 32)}@${domain}>`;
