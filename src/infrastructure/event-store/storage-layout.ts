import type { Collection, Db } from 'mongodb';

/*
 * Where each document lives. FerretDB 1.24 (our embedded default) answers every query with a table scan:
 * the SQLite handler uses no index at all and pushes down only a lone string `_id` equality, and the PostgreSQL
 * handler seq-scans as well (figures in docs/architecture.md). So no hot query may touch a large collection:
 * commits are spread over hash buckets and read by `_id`, the log is cut into small segment collections read by
 * `_id`, and the sequencer's inbox is drained as it goes. On MongoDB the same layout simply uses the `_id` index.
 */

export const STREAM_BUCKETS = 1024;
export const LOG_DOCS_PER_SEGMENT = 256;

export const INBOX = 'es_inbox';
export const META = 'es_meta';

export const commitKey = (streamId: string, seq: number): string => `${streamId}#${String(seq).padStart(10, '0')}`;

/** FNV-1a: a stable, well-spread hash, so a stream always lands in the same bucket. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

export const bucketOf = (db: Db, streamId: string): Collection<StoredCommit> =>
  db.collection<StoredCommit>(`es_streams_${String(fnv1a(streamId) % STREAM_BUCKETS).padStart(4, '0')}`);

export const logDocId = (docNo: number): string => String(docNo).padStart(12, '0');

export const segmentOf = (db: Db, docNo: number): Collection<LogDoc> =>
  db.collection<LogDoc>(`es_log_${String(Math.floor((docNo - 1) / LOG_DOCS_PER_SEGMENT)).padStart(6, '0')}`);

/** Event data is kept as a JSON string: FerretDB rejects nested arrays and keys with `.` or `$`, and we never query inside it. */
export type StoredEvent = { eventId: string; type: string; schemaVersion: number; data: string };

export type CommitBody = {
  streamId: string;
  seq: number;
  commitId: string;
  /** Version of the first event; a void commit has `fromVersion = toVersion + 1` (no event). */
  fromVersion: number;
  toVersion: number;
  events: StoredEvent[];
  occurredAt: Date;
  actorId: string | null;
  correlationId: string;
  causationId: string | null;
};

/** One append to one stream. `_id` is `commitKey(streamId, seq)`, so a second append at the same seq is a duplicate key. */
export type StoredCommit = CommitBody & { _id: string; void?: true };

/** Announces a commit to the sequencer. Written before the commit, confirmed after it. */
export type InboxEntry = { _id: string; commit: CommitBody; confirmed: boolean; createdAt: number };

/**
 * Confirms an inbox entry: its commit is in its bucket. A document of its own beside the entry, because on FerretDB an
 * insert costs a fraction of an update. Its `_id` ends with a letter, so it is never a commit key. It names the
 * announcement it confirms: another entry under the same key (a stale writer's, which will never be written, even one
 * retrying the same command) is not confirmed by it.
 */
export type ConfirmationMark = { _id: string; confirms: string; announcement: string };

export const confirmationMarkId = (key: string): string => `${key}:confirmed`;

export type InboxDocument = InboxEntry | ConfirmationMark;

export const isConfirmationMark = (doc: InboxDocument): doc is ConfirmationMark => 'confirms' in doc;

/**
 * What tells one announcement of a commit from another of the same key and commit id (a retried command that another
 * process had already written there): the id of its first event, drawn anew by every attempt.
 */
export const announcementOf = (commit: Pick<CommitBody, 'commitId' | 'events'>): string => commit.events[0]?.eventId ?? commit.commitId;

/** One sequencer batch: commits with positions `firstPos..lastPos` of the global log, in order. */
export type LogDoc = { _id: string; docNo: number; firstPos: number; lastPos: number; commits: CommitBody[]; sequencedAt: Date };

export type LogHead = { docNo: number; lastPos: number };

export type MetaDoc = { _id: string; docNo: number; lastPos: number };
