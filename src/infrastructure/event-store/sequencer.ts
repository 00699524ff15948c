import type { Db } from 'mongodb';
import { findLogHead, readLogDoc, recordLogHead } from './log-documents';
import { orderForSequencing } from './sequencing-order';
import { isDuplicateKey } from '../mongo/duplicate-key';
import { sleep } from '../runtime/background-loop';
import {
  announcementOf,
  bucketOf,
  commitKey,
  confirmationMarkId,
  INBOX,
  isConfirmationMark,
  logDocId,
  segmentOf,
  type CommitBody,
  type InboxDocument,
  type InboxEntry,
  type LogHead,
} from './storage-layout';

export type SequencerOptions = Readonly<{
  /** How long an unconfirmed inbox entry may wait for its writer before the sequencer fences it. */
  unconfirmedGraceMs: number;
  maxEventsPerDoc: number;
  /**
   * The least time between the starts of two ticks that log something. Each log document costs the same few commands
   * however many commits it holds, so waiting a few milliseconds for more commits spends the database's time better.
   */
  lingerMs?: number;
  /** Called after each log document is written, with the new head and where each commit's last event landed. */
  onSequenced?: (head: LogHead, commits: SequencedCommit[]) => void | Promise<void>;
}>;

/** The linger the application runs its sequencer with (see `lingerMs`): a few milliseconds added to the log's latency. */
export const SEQUENCER_LINGER_MS = 5;

/** Commits of the last few log documents: their inbox entries may not have been drained yet (after a crash). */
const RECENT_DOCS = 8;

/** Inbox documents read per tick. */
const INBOX_SLICE = 2_000;

/**
 * The head hint in `es_meta` is rewritten after this many log documents, and whenever the sequencer runs out of work.
 * It is only a lower bound that readers probe forward from, and on FerretDB an update costs several inserts.
 */
const HEAD_HINT_EVERY_DOCS = 16;

/**
 * The inbox's entries, confirmed by the flag or by their marks, and the marks that match no entry read: most are
 * orphans, whose entry the sequencer resolved itself and drained (a mark is written after its entry).
 */
const withConfirmations = (docs: readonly InboxDocument[]): { entries: InboxEntry[]; orphanMarks: string[] } => {
  const confirmed = new Map(docs.filter(isConfirmationMark).map((mark) => [mark.confirms, mark.announcement]));
  const entries = docs
    .filter((doc): doc is InboxEntry => !isConfirmationMark(doc))
    .map((entry) => (confirmed.get(entry._id) === announcementOf(entry.commit) ? { ...entry, confirmed: true } : entry));
  const announced = new Set(entries.map((entry) => entry._id));
  // Draining a mark is always safe (its entry, if any, is then resolved from its bucket), so a slice holding only part
  // of the inbox drains those it cannot match as well: marks never pile up in front of the entries.
  const orphanMarks = [...confirmed.keys()].filter((key) => !announced.has(key)).map(confirmationMarkId);
  return { entries, orphanMarks };
};

type Resolution = 'wait' | 'voided' | 'committed' | 'stale';

export type SequencedCommit = Readonly<{ commitId: string; lastPosition: number }>;

const sequencedCommits = (batch: readonly InboxEntry[], previousLastPos: number): SequencedCommit[] => {
  let position = previousLastPos;
  return batch.map((entry) => {
    position += entry.commit.events.length;
    return { commitId: entry.commit.commitId, lastPosition: position };
  });
};

/** A commit key can be announced twice (by a stale writer), so a commit is known by its key and its commit id. */
const identityOf = (commit: CommitBody): string => `${commitKey(commit.streamId, commit.seq)}|${commit.commitId}`;

/**
 * Builds the dense global log: takes commits from the inbox and writes them as numbered log documents, each
 * carrying the next positions after the verified head. The log document's `_id` is the fence: if two sequencers
 * race, one insert fails and the loser re-reads the head, so positions are never reused and never skipped.
 * Per-stream order holds because a stream's commit k+1 is only written after its commit k exists, and is never
 * taken before it (sequencing-order.ts).
 */
export class Sequencer {
  private head: LogHead | null = null;
  private recentCommits: string[][] = [];
  private lastLoggingTickAt = -Infinity;
  /** The head last recorded as the hint by this sequencer. */
  private hintDocNo = 0;

  constructor(
    private readonly db: Db,
    private readonly options: SequencerOptions,
  ) {}

  /** Sequences what is ready in the inbox; returns the number of events added to the log. */
  async tick(): Promise<number> {
    const linger = this.lastLoggingTickAt + (this.options.lingerMs ?? 0) - performance.now();
    if (linger > 0) await sleep(linger);
    const startedAt = performance.now();
    const head = this.head ?? (await this.resync());
    const logged = new Set(this.recentCommits.flat());
    // A backlog is worked through in slices; a full slice may have left out the predecessor of an entry it holds.
    const docs = await this.db.collection<InboxDocument>(INBOX).find({}).limit(INBOX_SLICE).toArray();
    const truncated = docs.length === INBOX_SLICE;
    const { entries, orphanMarks } = withConfirmations(docs);
    const alreadyLogged = entries.filter((entry) => logged.has(identityOf(entry.commit)));
    await this.drain(
      alreadyLogged.map((entry) => entry._id),
      orphanMarks,
    );

    const { batch, done } = await this.takeBatch(
      entries.filter((entry) => !logged.has(identityOf(entry.commit))),
      truncated,
    );
    if (batch.length === 0) {
      await Promise.all([this.drain(done), this.head !== null && this.head.docNo > this.hintDocNo ? this.recordHint(this.head) : null]);
      return 0;
    }
    const events = batch.reduce((count, entry) => count + entry.commit.events.length, 0);
    const next: LogHead = { docNo: head.docNo + 1, lastPos: head.lastPos + events };
    try {
      await segmentOf(this.db, next.docNo).insertOne({
        _id: logDocId(next.docNo),
        docNo: next.docNo,
        firstPos: head.lastPos + 1,
        lastPos: next.lastPos,
        commits: batch.map((entry) => entry.commit),
        sequencedAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      this.head = null; // another sequencer wrote this document: start again from the real head
      return 0;
    }
    this.head = next;
    this.lastLoggingTickAt = startedAt;
    this.remember(batch.map((entry) => identityOf(entry.commit)));
    await Promise.all([
      this.drain([...done, ...batch.map((entry) => entry._id)]),
      next.docNo - this.hintDocNo >= HEAD_HINT_EVERY_DOCS ? this.recordHint(next) : null,
    ]);
    await this.options.onSequenced?.(next, sequencedCommits(batch, head.lastPos));
    return events;
  }

  /** Forgets the cached head, as after a restart. */
  reset(): void {
    this.head = null;
  }

  private async resync(): Promise<LogHead> {
    const head = await findLogHead(this.db);
    this.recentCommits = [];
    for (let docNo = Math.max(1, head.docNo - RECENT_DOCS + 1); docNo <= head.docNo; docNo++) {
      const doc = await readLogDoc(this.db, docNo);
      if (doc) this.remember(doc.commits.map(identityOf));
    }
    this.head = head;
    return head;
  }

  private remember(identities: string[]): void {
    this.recentCommits = [...this.recentCommits, identities].slice(-RECENT_DOCS);
  }

  /** The entries to log now, in order, and the ids of entries that need no logging (voided or stale). */
  private async takeBatch(entries: InboxEntry[], truncated: boolean): Promise<{ batch: InboxEntry[]; done: string[] }> {
    const pending = new Set(entries.map((entry) => entry._id));
    const lastConfirmedSeq = new Map<string, number>();
    for (const { confirmed, commit } of entries) {
      if (confirmed) lastConfirmedSeq.set(commit.streamId, Math.max(commit.seq, lastConfirmedSeq.get(commit.streamId) ?? 0));
    }
    const hasConfirmedSuccessor = (entry: InboxEntry) => (lastConfirmedSeq.get(entry.commit.streamId) ?? 0) > entry.commit.seq;
    const batch: InboxEntry[] = [];
    const done: string[] = [];
    const blockedStreams = new Set<string>();
    let events = 0;
    for (const entry of orderForSequencing(entries)) {
      const { streamId, seq } = entry.commit;
      if (blockedStreams.has(streamId)) continue;
      if (pending.has(commitKey(streamId, seq - 1)) || (truncated && seq > 1 && (await this.stillAnnounced(commitKey(streamId, seq - 1))))) {
        blockedStreams.add(streamId); // its predecessor is still waiting
        continue;
      }
      const resolution: Resolution = entry.confirmed ? 'committed' : await this.resolve(entry, hasConfirmedSuccessor(entry));
      if (resolution === 'wait') {
        blockedStreams.add(streamId);
        continue;
      }
      pending.delete(entry._id);
      if (resolution !== 'committed') {
        done.push(entry._id);
        continue;
      }
      if (batch.length > 0 && events + entry.commit.events.length > this.options.maxEventsPerDoc) break;
      batch.push(entry);
      events += entry.commit.events.length;
    }
    return { batch, done };
  }

  /**
   * An unconfirmed entry's writer may still be between its steps, or may have died. After the grace period (or at
   * once when a later commit of the same stream proves the commit exists) the sequencer claims the commit key with
   * a void commit: if that insert wins, the writer's own insert will fail and it reports a conflict, so no commit
   * can appear after it was given up on; if it loses, the commit is there and tells whose it is.
   */
  private async resolve(entry: InboxEntry, urgent: boolean): Promise<Resolution> {
    if (!urgent && Date.now() - entry.createdAt < this.options.unconfirmedGraceMs) return 'wait';
    const bucket = bucketOf(this.db, entry.commit.streamId);
    const previousVersion = entry.commit.fromVersion - 1;
    try {
      await bucket.insertOne({
        ...entry.commit,
        _id: entry._id,
        commitId: `void:${entry.commit.commitId}`,
        fromVersion: previousVersion + 1,
        toVersion: previousVersion,
        events: [],
        void: true,
      });
      return 'voided';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await bucket.findOne({ _id: entry._id });
    return existing && !existing.void && announcementOf(existing) === announcementOf(entry.commit) ? 'committed' : 'stale';
  }

  private async stillAnnounced(key: string): Promise<boolean> {
    return (await this.db.collection<InboxEntry>(INBOX).findOne({ _id: key })) !== null;
  }

  /** Deletes the entries and their confirmation marks, and other marks (already ids of marks). */
  private async drain(entryIds: readonly string[], otherMarks: readonly string[] = []): Promise<void> {
    const ids = [...entryIds, ...entryIds.map(confirmationMarkId), ...otherMarks];
    if (ids.length > 0) await this.db.collection<InboxDocument>(INBOX).deleteMany({ _id: { $in: ids } });
  }

  private async recordHint(head: LogHead): Promise<void> {
    await recordLogHead(this.db, head);
    this.hintDocNo = Math.max(this.hintDocNo, head.docNo);
  }
}
