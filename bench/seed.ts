import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { findLogHead, recordLogHead } from '@infrastructure/event-store/log-documents';
import { bucketOf, commitKey, INBOX, logDocId, segmentOf, type CommitBody, type LogDoc, type StoredCommit } from '@infrastructure/event-store/storage-layout';
import { increment, testCatalog } from '@infrastructure/event-store/testing/test-events';

/**
 * Fills a store quickly, so that the latency and rebuild benchmarks can start from thousands of commits without
 * spending minutes appending them one by one. It writes the very documents the store and the sequencer write
 * (same layout helpers, same commit shape as MongoEventStore.commitOf, events encoded by the same catalog):
 * commits into their hash buckets, and log documents of `docEvents` events each into their segments, then the
 * log-head hint. It must run while no writer or sequencer is active and the inbox is empty; a Sequencer created
 * before it must be reset() after it. Streams are `<prefix>-<n>`, `commitsPerStream` single-event commits each.
 */
export class StoreSeeder {
  private commits = 0;
  private readonly seqs = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly options: Readonly<{ prefix: string; commitsPerStream: number; docEvents: number; writers: number }>,
  ) {}

  get seeded(): number {
    return this.commits;
  }

  /** Adds `count` commits (one event each) to the buckets and the log. */
  async add(count: number): Promise<void> {
    if ((await this.db.collection(INBOX).countDocuments()) > 0) throw new Error('StoreSeeder: the inbox is not empty');
    let head = await findLogHead(this.db);
    const byBucket = new Map<string, StoredCommit[]>();
    const bySegment = new Map<string, LogDoc[]>();
    let pending: CommitBody[] = [];
    const flushDoc = () => {
      if (pending.length === 0) return;
      const docNo = head.docNo + 1;
      const doc: LogDoc = {
        _id: logDocId(docNo),
        docNo,
        firstPos: head.lastPos + 1,
        lastPos: head.lastPos + pending.length,
        commits: pending,
        sequencedAt: new Date(),
      };
      const segment = segmentOf(this.db, docNo).collectionName;
      const docs = bySegment.get(segment) ?? [];
      docs.push(doc);
      bySegment.set(segment, docs);
      head = { docNo, lastPos: doc.lastPos };
      pending = [];
    };
    for (let i = 0; i < count; i++) {
      const n = this.commits + i;
      const streamCount = Math.max(1, Math.floor((this.commits + count) / this.options.commitsPerStream));
      // Round-robin over the streams, so each stream's commits are numbered 1, 2, 3… in log order.
      const streamId = `${this.options.prefix}-${n % streamCount}`;
      const seq = (this.seqs.get(streamId) ?? 0) + 1;
      this.seqs.set(streamId, seq);
      const commit = commitBody(streamId, seq, `w${n % this.options.writers}`);
      const bucket = bucketOf(this.db, streamId).collectionName;
      const list = byBucket.get(bucket) ?? [];
      list.push({ _id: commitKey(streamId, seq), ...commit });
      byBucket.set(bucket, list);
      pending.push(commit);
      if (pending.length >= this.options.docEvents) flushDoc();
    }
    flushDoc();
    for (const [bucket, docs] of byBucket) await this.db.collection<StoredCommit>(bucket).insertMany(docs, { ordered: false });
    for (const [segment, docs] of bySegment) await this.db.collection<LogDoc>(segment).insertMany(docs, { ordered: false });
    await recordLogHead(this.db, head);
    this.commits += count;
  }
}

/** A commit exactly as MongoEventStore.commitOf builds it for one CounterIncremented event. */
export const commitBody = (streamId: string, seq: number, writer: string): CommitBody => {
  const encoded = testCatalog.encode(increment(1, writer));
  return {
    streamId,
    seq,
    commitId: randomUUID(),
    fromVersion: seq,
    toVersion: seq,
    events: [{ eventId: randomUUID(), type: encoded.type, schemaVersion: encoded.schemaVersion, data: JSON.stringify(encoded.data) }],
    occurredAt: new Date(),
    actorId: 'user-1',
    correlationId: randomUUID(),
    causationId: null,
  };
};
