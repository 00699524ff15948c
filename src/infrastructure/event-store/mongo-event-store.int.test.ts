import { MongoClient, type Db } from 'mongodb';
import { ConcurrencyError, InvalidEventError } from '@application/shared/errors';
import { openTestDatabase } from '@test/support/mongo';
import { MongoEventLog } from './mongo-event-log';
import { MongoEventStore } from './mongo-event-store';
import { Sequencer } from './sequencer';
import { bucketOf, commitKey, INBOX, LOG_DOCS_PER_SEGMENT } from './storage-layout';
import { appendOptions, increment, testCatalog } from './testing/test-events';

const handler = process.env.FERRETDB_HANDLER ?? 'sqlite';

describe(`MongoEventStore on FerretDB (${handler})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let store: MongoEventStore;

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('es'));
    store = new MongoEventStore(db, testCatalog);
  });
  afterEach(() => close());

  const sequenceAll = async (sequencer = new Sequencer(db, { unconfirmedGraceMs: 50, maxEventsPerDoc: 100 })) => {
    await store.settled();
    while ((await sequencer.tick()) > 0);
  };

  describe('optimistic concurrency (E1)', () => {
    it('appends to a new stream and reads the events back in order with their versions', async () => {
      await store.appendToStream('counter-a', [increment(1), increment(2)], appendOptions({ expectedVersion: 'no_stream' }));
      await store.appendToStream('counter-a', [increment(3)], appendOptions({ expectedVersion: 2 }));
      const stream = await new MongoEventStore(db, testCatalog).readStream('counter-a');
      expect(stream.version).toBe(3);
      expect(stream.events.map((e) => [e.data, e.metadata.streamVersion])).toEqual([
        [{ by: 1, writer: 'w' }, 1],
        [{ by: 2, writer: 'w' }, 2],
        [{ by: 3, writer: 'w' }, 3],
      ]);
    });

    it('reads a long stream whole from a fresh store, past a void commit, without the commits of a stream sharing its bucket', async () => {
      const bucket = bucketOf(db, 'long');
      let neighbour = 'n0';
      for (let i = 1; bucketOf(db, neighbour).collectionName !== bucket.collectionName; i++) neighbour = `n${i}`;
      for (let version = 0; version < 11; version++) await store.appendToStream('long', [increment(version + 1)], appendOptions({ expectedVersion: version }));
      const voided = { streamId: 'long', seq: 12, commitId: 'voided', fromVersion: 12, toVersion: 11, events: [], occurredAt: new Date() };
      await bucket.insertOne({ _id: commitKey('long', 12), ...voided, actorId: null, correlationId: 'c', causationId: null, void: true });
      for (let version = 11; version < 30; version++) await store.appendToStream('long', [increment(version + 1)], appendOptions({ expectedVersion: version }));
      await store.appendToStream(neighbour, [increment(99)], appendOptions());

      const cold = await new MongoEventStore(db, testCatalog).readStream('long');
      expect(cold.version).toBe(30);
      expect(cold.events.map((event) => [(event.data as { by: number }).by, event.metadata.streamVersion])).toEqual(
        Array.from({ length: 30 }, (_, i) => [i + 1, i + 1]),
      );
      expect(cold.commitIds.size).toBe(30);
      await store.appendToStream('long', [increment(31)], appendOptions({ expectedVersion: 30 }));
      expect((await new MongoEventStore(db, testCatalog).readStream('long')).version).toBe(31);
    });

    it('lets exactly one of two appends with the same expected version win; the other gets a typed conflict', async () => {
      await store.appendToStream('counter-b', [increment(1)], appendOptions());
      const other = new MongoEventStore(db, testCatalog);
      const results = await Promise.allSettled([
        store.appendToStream('counter-b', [increment(10)], appendOptions({ expectedVersion: 1 })),
        other.appendToStream('counter-b', [increment(20)], appendOptions({ expectedVersion: 1 })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream('counter-b')).version).toBe(2);
    });

    it('rejects a stale expected version that falls inside an earlier multi-event commit', async () => {
      await store.appendToStream('counter-c', [increment(1), increment(2)], appendOptions());
      await expect(store.appendToStream('counter-c', [increment(3)], appendOptions({ expectedVersion: 1 }))).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('checks no_stream and stream_exists', async () => {
      await expect(store.appendToStream('counter-d', [increment(1)], appendOptions({ expectedVersion: 'stream_exists' }))).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await store.appendToStream('counter-d', [increment(1)], appendOptions({ expectedVersion: 'no_stream' }));
      await expect(store.appendToStream('counter-d', [increment(1)], appendOptions({ expectedVersion: 'no_stream' }))).rejects.toBeInstanceOf(ConcurrencyError);
      await store.appendToStream('counter-d', [increment(1)], appendOptions({ expectedVersion: 'stream_exists' }));
      expect((await store.readStream('counter-d')).version).toBe(2);
    });
  });

  describe('idempotent commands (E2)', () => {
    it('appends nothing for a retried commit id and returns the first result', async () => {
      const options = appendOptions({ expectedVersion: 'no_stream' });
      const first = await store.appendToStream('counter-e', [increment(5)], options);
      const retry = await new MongoEventStore(db, testCatalog).appendToStream('counter-e', [increment(5)], options);
      expect(retry.alreadyApplied).toBe(true);
      expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
      expect(retry.events.map((e) => e.metadata.eventId)).toEqual(first.events.map((e) => e.metadata.eventId));
      expect((await store.readStream('counter-e')).version).toBe(1);
    });

    it('appends once when the same command is sent concurrently by several processes', async () => {
      const options = appendOptions();
      const stores = Array.from({ length: 5 }, () => new MongoEventStore(db, testCatalog));
      const results = await Promise.all(stores.map((s) => s.appendToStream('counter-f', [increment(1)], options)));
      expect(results.filter((r) => !r.alreadyApplied)).toHaveLength(1);
      expect((await store.readStream('counter-f')).version).toBe(1);
    });
  });

  describe('group commit', () => {
    it('writes the appends waiting at one moment with one announcement and one confirmation, and a cached stream with no read', async () => {
      const monitored = new MongoClient(process.env.MONGO_URL!, { monitorCommands: true });
      await monitored.connect();
      try {
        const writer = new MongoEventStore(monitored.db(db.databaseName), testCatalog);
        const streams = Array.from({ length: 16 }, (_, i) => `group-${i}`);
        for (const streamId of streams) await writer.readStream(streamId); // known, and empty: no read is needed to append
        const commands: Array<{ name: string; collection: unknown }> = [];
        monitored.on('commandStarted', (event) => commands.push({ name: event.commandName, collection: event.command[event.commandName] }));

        await Promise.all(streams.map((streamId) => writer.appendToStream(streamId, [increment(1)], appendOptions({ expectedVersion: 'no_stream' }))));
        await writer.settled();

        const count = (name: string, collection?: string) =>
          commands.filter((command) => command.name === name && (collection === undefined || command.collection === collection)).length;
        expect(count('insert', INBOX)).toBe(2); // the announcements, then the confirmation marks
        expect(count('update')).toBe(0);
        expect(count('insert')).toBeLessThanOrEqual(2 + streams.length); // and one per bucket holding these streams
        expect(count('find')).toBe(0);
        expect(await db.collection(INBOX).countDocuments({ confirms: { $exists: true } })).toBe(streams.length);
      } finally {
        await monitored.close();
      }
      await sequenceAll();
      const log = await new MongoEventLog(db, testCatalog).readAfter(0, 100);
      expect(log.map((event) => event.metadata.streamId).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `group-${i}`).sort());
    });

    it('settles each append of a group on its own: one loses its commit key, the others are written', async () => {
      const writer = new MongoEventStore(db, testCatalog);
      await writer.appendToStream('shared', [increment(1)], appendOptions({ expectedVersion: 'no_stream' }));
      await writer.readStream('alone');
      const results = await Promise.allSettled([
        writer.appendToStream('shared', [increment(2)], appendOptions({ expectedVersion: 1 })),
        writer.appendToStream('shared', [increment(3)], appendOptions({ expectedVersion: 1 })),
        writer.appendToStream('alone', [increment(4)], appendOptions({ expectedVersion: 'no_stream' })),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect(await db.collection(INBOX).countDocuments({ 'commit.streamId': 'shared', 'commit.seq': 2 })).toBeLessThanOrEqual(1);
      await writer.settled();
      await sequenceAll();
      const fresh = new MongoEventStore(db, testCatalog);
      expect((await fresh.readStream('shared')).events.map((event) => (event.data as { by: number }).by)).toEqual([1, 2]);
      expect((await fresh.readStream('alone')).version).toBe(1);
    });
  });

  describe('typed, validated, versioned events (E4)', () => {
    it('refuses to append an event that does not match its schema', async () => {
      const bad = { type: 'CounterIncremented', data: { by: 'one' } };
      await expect(store.appendToStream('counter-g', [bad], appendOptions())).rejects.toBeInstanceOf(InvalidEventError);
      expect((await store.readStream('counter-g')).version).toBe(0);
    });

    it('upcasts an event stored with an older schema version when it is read', async () => {
      await bucketOf(db, 'counter-h').insertOne({
        _id: commitKey('counter-h', 1),
        streamId: 'counter-h',
        seq: 1,
        commitId: 'old-commit',
        fromVersion: 1,
        toVersion: 1,
        events: [{ eventId: 'e-old', type: 'CounterIncremented', schemaVersion: 1, data: JSON.stringify({ amount: '7', writer: 'legacy' }) }],
        occurredAt: new Date(),
        actorId: null,
        correlationId: 'c',
        causationId: null,
      });
      const [event] = (await store.readStream('counter-h')).events;
      expect(event?.data).toEqual({ by: 7, writer: 'legacy' });
      expect(event?.metadata.schemaVersion).toBe(1);
    });
  });

  describe('FerretDB document limits (E5)', () => {
    it('stores data that FerretDB cannot hold as a document: nested arrays and dotted keys', async () => {
      const event = { type: 'MatrixStored', data: { rows: [[1, 2], [3]], 'odd.key': 'x' } };
      await store.appendToStream('matrix-1', [event], appendOptions());
      expect((await new MongoEventStore(db, testCatalog).readStream('matrix-1')).events[0]?.data).toEqual(event.data);
    });
  });

  describe('metadata (E6)', () => {
    it('gives every logged event its id, stream, version, position, time, actor, correlation and causation', async () => {
      const occurredAt = new Date('2026-01-02T03:04:05.000Z');
      const options = appendOptions({ occurredAt, actorId: 'alice', correlationId: 'corr-1', causationId: 'cause-1' });
      await store.appendToStream('counter-i', [increment(1), increment(2)], options);
      await sequenceAll();
      const events = await new MongoEventLog(db, testCatalog).readAfter(0, 10);
      expect(events.map((e) => e.metadata)).toEqual([
        expect.objectContaining({
          streamId: 'counter-i',
          streamVersion: 1,
          globalPosition: 1,
          occurredAt,
          actorId: 'alice',
          correlationId: 'corr-1',
          causationId: 'cause-1',
          commitId: options.commitId,
        }),
        expect.objectContaining({ streamId: 'counter-i', streamVersion: 2, globalPosition: 2 }),
      ]);
      expect(new Set(events.map((e) => e.metadata.eventId)).size).toBe(2);
    });
  });

  describe('the global log (E3)', () => {
    it('keeps a dense, per-stream ordered log under 50 concurrent writers on shared and separate streams', async () => {
      const sequencer = new Sequencer(db, { unconfirmedGraceMs: 2_000, maxEventsPerDoc: 50 });
      let writing = true;
      const sequencing = (async () => {
        while (writing) if ((await sequencer.tick()) === 0) await new Promise((r) => setTimeout(r, 5));
      })();
      const committed: string[] = [];
      const conflicts: unknown[] = [];
      const writerStores = Array.from({ length: 50 }, () => new MongoEventStore(db, testCatalog));
      const writers = writerStores.map(async (writerStore, writer) => {
        const streamId = writer % 2 === 0 ? `shared-${writer % 3}` : `own-${writer}`;
        for (let round = 0; round < 4; round++) {
          const { version } = await writerStore.readStream(streamId);
          try {
            const result = await writerStore.appendToStream(
              streamId,
              [increment(1, `w${writer}`), increment(2, `w${writer}`)],
              appendOptions({ expectedVersion: version }),
            );
            committed.push(...result.events.map((e) => e.metadata.eventId));
          } catch (error) {
            conflicts.push(error);
          }
        }
      });
      await Promise.all(writers);
      await Promise.all(writerStores.map((writerStore) => writerStore.settled()));
      writing = false;
      await sequencing;
      await sequenceAll(sequencer);

      expect(conflicts.length).toBeGreaterThan(0);
      expect(conflicts.every((error) => error instanceof ConcurrencyError)).toBe(true);
      const log = await new MongoEventLog(db, testCatalog).readAfter(0, 10_000);
      expect(log.map((e) => e.metadata.globalPosition)).toEqual(log.map((_, i) => i + 1));
      expect(log.map((e) => e.metadata.eventId).sort()).toEqual([...committed].sort());
      const versionsByStream = new Map<string, number[]>();
      for (const e of log) versionsByStream.set(e.metadata.streamId, [...(versionsByStream.get(e.metadata.streamId) ?? []), e.metadata.streamVersion]);
      for (const versions of versionsByStream.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
      expect(await db.collection(INBOX).countDocuments()).toBe(0);
    });

    it('lets a catch-up reader resume from any position without skipping', async () => {
      for (let i = 0; i < 30; i++) {
        await store.appendToStream(`s-${i % 4}`, [increment(i)], appendOptions());
        if (i % 7 === 0) await sequenceAll();
      }
      await sequenceAll();
      const log = new MongoEventLog(db, testCatalog);
      const all = await log.readAfter(0, 100);
      expect(all).toHaveLength(30);
      for (const from of [0, 1, 5, 13, 29, 30]) {
        const fresh = new MongoEventLog(db, testCatalog);
        expect((await fresh.readAfter(from, 100)).map((e) => e.metadata.globalPosition)).toEqual(all.slice(from).map((e) => e.metadata.globalPosition));
      }
      expect(await log.headPosition()).toBe(30);
    });

    it('reads far behind the head a segment at a time, for several readers at once, without skipping', async () => {
      const commits = LOG_DOCS_PER_SEGMENT + 44; // two segments, one log document per commit
      for (let i = 0; i < commits; i += 20) {
        await Promise.all(
          Array.from({ length: Math.min(20, commits - i) }, (_, j) =>
            store.appendToStream(`far-${(i + j) % 20}`, [increment(1), increment(2)], appendOptions()),
          ),
        );
      }
      await sequenceAll(new Sequencer(db, { unconfirmedGraceMs: 50, maxEventsPerDoc: 2 }));
      const total = commits * 2;

      const watched = await MongoClient.connect(process.env.MONGO_URL!, { monitorCommands: true });
      let logQueries = 0;
      watched.on('commandStarted', (command) => {
        if (command.commandName === 'find' && String(command.command.find).startsWith('es_log_')) logQueries++;
      });
      try {
        const log = new MongoEventLog(watched.db(db.databaseName), testCatalog);
        const positions = { early: [] as number[], late: [] as number[] };
        const after = { early: 0, late: total / 2 };
        for (let page = 0; page < total / 50 + 2; page++) {
          for (const reader of ['early', 'late'] as const) {
            const events = await log.readAfter(after[reader], 50);
            positions[reader].push(...events.map((event) => event.metadata.globalPosition));
            after[reader] = events.at(-1)?.metadata.globalPosition ?? after[reader];
          }
        }
        expect(positions.early).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        expect(positions.late).toEqual(Array.from({ length: total / 2 }, (_, i) => total / 2 + i + 1));
        // One document per query would take 450 queries; whole segments take a few dozen.
        expect(logQueries).toBeLessThan(100);
      } finally {
        await watched.close();
      }
      // Writing 300 commits takes about 40 s on FerretDB SQLite on an idle machine: a busy one needs room.
    }, 180_000);
  });
});
