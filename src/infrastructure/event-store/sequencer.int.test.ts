import type { Db } from 'mongodb';
import { ConcurrencyError } from '@application/shared/errors';
import { killAllFixtures, killFixture, runWhileKillingRepeatedly, startFixture } from '@test/support/child-processes';
import { eventually } from '@test/support/eventually';
import { openTestDatabase } from '@test/support/mongo';
import { MongoEventLog } from './mongo-event-log';
import { MongoEventStore } from './mongo-event-store';
import { Sequencer } from './sequencer';
import { LOG_HEAD_ID, recordLogHead } from './log-documents';
import { bucketOf, commitKey, confirmationMarkId, INBOX, META, type InboxDocument, type InboxEntry, type MetaDoc } from './storage-layout';
import { appendOptions, increment, testCatalog } from './testing/test-events';

describe('Sequencer', () => {
  let db: Db;
  let close: () => Promise<void>;
  let store: MongoEventStore;
  const newSequencer = (graceMs = 100) => new Sequencer(db, { unconfirmedGraceMs: graceMs, maxEventsPerDoc: 25 });
  const sequenceAll = async (sequencer: Sequencer) => {
    await store.settled();
    while ((await sequencer.tick()) > 0);
  };
  const readLog = () => new MongoEventLog(db, testCatalog).readAfter(0, 100_000);
  const expectDenseLog = async (expectedEvents: number) => {
    const log = await readLog();
    expect(log.map((e) => e.metadata.globalPosition)).toEqual(Array.from({ length: expectedEvents }, (_, i) => i + 1));
    expect(new Set(log.map((e) => e.metadata.eventId)).size).toBe(expectedEvents);
    return log;
  };

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('seq'));
    store = new MongoEventStore(db, testCatalog);
  });
  afterEach(async () => {
    await killAllFixtures();
    await close();
  });

  /** Plays a writer that died after announcing its commit (step 1) and before writing it (step 2). */
  const announceOnly = async (streamId: string, seq: number, commitId: string, createdAt = Date.now()) => {
    const entry: InboxEntry = {
      _id: commitKey(streamId, seq),
      confirmed: false,
      createdAt,
      commit: {
        streamId,
        seq,
        commitId,
        fromVersion: seq,
        toVersion: seq,
        events: [],
        occurredAt: new Date(),
        actorId: null,
        correlationId: 'c',
        causationId: null,
      },
    };
    await db.collection<InboxEntry>(INBOX).insertOne(entry);
    return entry;
  };

  it('voids a commit whose writer died before writing it, so the stream goes on and a late write is refused', async () => {
    await store.appendToStream('s', [increment(1)], appendOptions());
    const orphan = await announceOnly('s', 2, 'dead-writer', Date.now() - 1_000);
    await sequenceAll(newSequencer());
    expect(await db.collection(INBOX).countDocuments()).toBe(0);
    await expect(bucketOf(db, 's').insertOne({ _id: orphan._id, ...orphan.commit })).rejects.toMatchObject({ code: 11000 });
    const later = new MongoEventStore(db, testCatalog);
    await later.appendToStream('s', [increment(3)], appendOptions({ expectedVersion: 1 }));
    await later.settled();
    await sequenceAll(newSequencer());
    const log = await expectDenseLog(2);
    expect(log.map((e) => e.metadata.streamVersion)).toEqual([1, 2]);
  });

  it('waits for a young unconfirmed commit instead of voiding it', async () => {
    await announceOnly('young', 1, 'slow-writer');
    await sequenceAll(newSequencer(60_000));
    expect(await db.collection(INBOX).countDocuments()).toBe(1);
  });

  it('logs a commit whose writer died after writing it but before confirming it', async () => {
    const entry = await announceOnly('t', 1, 'confirm-lost', Date.now() - 1_000);
    const commit = { ...entry.commit, events: [{ eventId: 'e1', type: 'CounterIncremented', schemaVersion: 2, data: JSON.stringify({ by: 1, writer: 'x' }) }] };
    await bucketOf(db, 't').insertOne({ _id: entry._id, ...commit });
    await db.collection<InboxEntry>(INBOX).updateOne({ _id: entry._id }, { $set: { commit } });
    await sequenceAll(newSequencer());
    const log = await expectDenseLog(1);
    expect(log[0]?.metadata.commitId).toBe('confirm-lost');
  });

  it('makes a writer that was fenced out report a conflict, and its retry succeeds', async () => {
    await store.appendToStream('u', [increment(1)], appendOptions());
    await announceOnly('u', 2, 'stalled', Date.now() - 1_000);
    await sequenceAll(newSequencer());
    const stale = new MongoEventStore(db, testCatalog);
    await expect(stale.appendToStream('u', [increment(2)], appendOptions({ expectedVersion: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
    await stale.appendToStream('u', [increment(2)], appendOptions({ expectedVersion: 1 }));
    expect((await stale.readStream('u')).version).toBe(2);
  });

  it('does not log a retried command twice when another announcement of it, under the key it was written at, is left unconfirmed', async () => {
    await store.appendToStream('r', [increment(1)], appendOptions({ commitId: 'retried' }));
    await sequenceAll(newSequencer());
    const [written] = await bucketOf(db, 'r').find({}).toArray();
    // A second process, whose cache was behind, announced the same command at the same key; its write then lost. Its
    // entry is left behind (its process died), beside the first process's late confirmation mark.
    const { _id: key, ...commit } = written!;
    const retry = { ...commit, events: commit.events.map((event) => ({ ...event, eventId: `${event.eventId}-again` })) };
    await db.collection<InboxDocument>(INBOX).insertMany([
      { _id: key, commit: retry, confirmed: false, createdAt: Date.now() - 1_000 },
      { _id: confirmationMarkId(key), confirms: key, announcement: commit.events[0]!.eventId },
    ]);
    await sequenceAll(newSequencer());
    await expectDenseLog(1);
    expect(await db.collection(INBOX).countDocuments()).toBe(0);
  });

  it('does not log a batch twice when the sequencer died between writing the log and draining the inbox', async () => {
    for (let i = 0; i < 10; i++) await store.appendToStream(`v-${i % 3}`, [increment(i)], appendOptions());
    await store.settled();
    const inbox = await db.collection<InboxDocument>(INBOX).find({}).toArray();
    await newSequencer().tick();
    await db.collection<InboxDocument>(INBOX).insertMany(inbox); // undo the drain: as if it never happened
    await sequenceAll(newSequencer());
    await expectDenseLog(10);
    expect(await db.collection(INBOX).countDocuments()).toBe(0);
  });

  it('keeps the log dense and free of duplicates when two sequencers run at once', async () => {
    const sequencers = [newSequencer(2_000), newSequencer(2_000)]; // no writer dies here: nothing to void
    let writing = true;
    const loops = sequencers.map(async (sequencer) => {
      while (writing || (await sequencer.tick()) > 0) await sequencer.tick();
    });
    await Promise.all(
      Array.from({ length: 10 }, async (_, w) => {
        for (let i = 0; i < 15; i++) await store.appendToStream(`race-${w}`, [increment(i)], appendOptions());
      }),
    );
    await store.settled();
    writing = false;
    await Promise.all(loops);
    await sequenceAll(newSequencer());
    const log = await expectDenseLog(150);
    for (let w = 0; w < 10; w++) {
      const versions = log.filter((e) => e.metadata.streamId === `race-${w}`).map((e) => e.metadata.streamVersion);
      expect(versions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    }
  });

  it('records the head hint when sequencers record it at once on a store that has none yet', async () => {
    for (let round = 0; round < 5; round++) {
      await db.collection<MetaDoc>(META).deleteOne({ _id: LOG_HEAD_ID });
      await Promise.all(Array.from({ length: 8 }, (_, i) => recordLogHead(db, { docNo: i + 1, lastPos: (i + 1) * 10 })));
      // FerretDB runs `$max` as a read and a write, so a concurrent smaller head can win: the hint is one of them
      const hint = await db.collection<MetaDoc>(META).findOne({ _id: LOG_HEAD_ID });
      expect(hint?.docNo).toBeGreaterThanOrEqual(1);
      expect(hint?.docNo).toBeLessThanOrEqual(8);
      expect(hint?.lastPos).toBe(hint!.docNo * 10);
    }
  });

  it('leaves no hole and no duplicate when its process is killed again and again in the middle of its work', async () => {
    const start = () => startFixture('test/fixtures/sequencer-process.ts', [process.env.MONGO_URL ?? '', db.databaseName]);
    const writers = () =>
      Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          const writerStore = new MongoEventStore(db, testCatalog);
          for (let i = 0; i < 60; i++) await writerStore.appendToStream(`kill-${w % 4}`, [increment(i, `w${w}`)], appendOptions());
        }),
      );
    const { killsDuringWork, child } = await runWhileKillingRepeatedly(start, writers, [150, 300]);
    await eventually(async () => (await db.collection(INBOX).countDocuments()) === 0, 60_000, 'the inbox to be drained');
    await killFixture(child);

    expect(killsDuringWork).toBeGreaterThan(0);
    const log = await expectDenseLog(480);
    for (let s = 0; s < 4; s++) {
      const versions = log.filter((e) => e.metadata.streamId === `kill-${s}`).map((e) => e.metadata.streamVersion);
      expect(versions).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    }
  }, 180_000);
});
