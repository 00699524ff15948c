import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { sessionStreamId, type SessionEvent } from '@domain/identity';
import { findLogHead, recordLogHead } from '@infrastructure/event-store/log-documents';
import { bucketOf, commitKey, logDocId, segmentOf, type CommitBody, type LogDoc, type StoredCommit } from '@infrastructure/event-store/storage-layout';
import { eventCatalog } from '@interfaces/contexts/catalog';

export type PastSessions = Readonly<{ sessions: number; events: number; logDocuments: number }>;

/**
 * Gives a database a past before a system starts on it: `sessions` sign-ins of earlier users, each signed out again
 * (one commit per session stream holding its SessionStarted and SessionEnded). Appending them one by one through the
 * store would take minutes on FerretDB, so, like `bench/seed.ts`, this bulk-inserts the very documents the store and
 * the sequencer write (same layout helpers, events encoded by the system's catalog): the commits in their hash
 * buckets, log documents of `commitsPerLogDocument` commits in their segments, and the log-head hint. It must run
 * while no system uses the database. The read models then have all of it to rebuild after Redis loses everything.
 */
export const seedPastSessions = async (mongoUrl: string, dbName: string, sessions: number, commitsPerLogDocument = 4): Promise<PastSessions> => {
  const client = await MongoClient.connect(mongoUrl);
  try {
    const db = client.db(dbName);
    const catalog = eventCatalog();
    let head = await findLogHead(db);
    const byBucket = new Map<string, StoredCommit[]>();
    const bySegment = new Map<string, LogDoc[]>();
    let pending: CommitBody[] = [];
    let logDocuments = 0;
    const flushLogDocument = () => {
      if (pending.length === 0) return;
      const events = pending.reduce((sum, commit) => sum + commit.events.length, 0);
      const docNo = head.docNo + 1;
      const doc: LogDoc = {
        _id: logDocId(docNo),
        docNo,
        firstPos: head.lastPos + 1,
        lastPos: head.lastPos + events,
        commits: pending,
        sequencedAt: new Date(),
      };
      const segment = segmentOf(db, docNo).collectionName;
      bySegment.set(segment, [...(bySegment.get(segment) ?? []), doc]);
      head = { docNo, lastPos: doc.lastPos };
      pending = [];
      logDocuments++;
    };
    const startedAt = Date.parse('2025-01-01T00:00:00.000Z');
    for (let n = 0; n < sessions; n++) {
      const sessionId = `past-${n}-${randomUUID()}`;
      const userId = `past-user-${n % 500}`;
      const at = new Date(startedAt + n * 60_000);
      const events: SessionEvent[] = [
        { type: 'SessionStarted', data: { sessionId, userId, startedAt: at.toISOString(), expiresAt: new Date(at.getTime() + 7 * 86_400_000).toISOString() } },
        { type: 'SessionEnded', data: { sessionId, userId, endedAt: new Date(at.getTime() + 30 * 60_000).toISOString() } },
      ];
      const streamId = sessionStreamId(sessionId);
      const commit: CommitBody = {
        streamId,
        seq: 1,
        commitId: randomUUID(),
        fromVersion: 1,
        toVersion: events.length,
        events: events.map((event) => {
          const encoded = catalog.encode(event);
          return { eventId: randomUUID(), type: encoded.type, schemaVersion: encoded.schemaVersion, data: JSON.stringify(encoded.data) };
        }),
        occurredAt: at,
        actorId: userId,
        correlationId: randomUUID(),
        causationId: null,
      };
      const bucket = bucketOf(db, streamId).collectionName;
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), { _id: commitKey(streamId, 1), ...commit }]);
      pending.push(commit);
      if (pending.length >= commitsPerLogDocument) flushLogDocument();
    }
    flushLogDocument();
    for (const [bucket, docs] of byBucket) await db.collection<StoredCommit>(bucket).insertMany(docs, { ordered: false });
    for (const [segment, docs] of bySegment) await db.collection<LogDoc>(segment).insertMany(docs, { ordered: false });
    await recordLogHead(db, head);
    return { sessions, events: head.lastPos, logDocuments };
  } finally {
    await client.close();
  }
};
