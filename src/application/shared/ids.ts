import { createHash } from 'node:crypto';

export interface Ids {
  /** A new unique id (UUID v4 text). */
  newId(): string;
}

/**
 * An id derived from what caused it (a command id, an event id) and what it is for: the same cause always gives the
 * same id, so a retried command or a policy run again finds what its first run made.
 */
export const derivedId = (purpose: string, cause: string, length = 24): string =>
  createHash('sha256').update(`${purpose}:${cause}`).digest('hex').slice(0, length);
