import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { Sequencer } from '@infrastructure/event-store/sequencer';
import { commitKey, INBOX, type InboxEntry } from '@infrastructure/event-store/storage-layout';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { connectTestRedis } from '@infrastructure/projections/testing/projection-harness';
import { Leases } from '@infrastructure/redis/leases';
import { COMMIT_ANNOUNCED, LogSignals } from '@infrastructure/redis/log-signals';
import { runWakeUpLoop } from '@infrastructure/runtime/wake-up-loop';
import { eventually } from '@test/support/eventually';
import { openTestDatabase } from '@test/support/mongo';
import { uniqueName } from '@test/support/unique-name';
import { sequencerLoop } from './sequencer-loop';

/** Far longer than any test: what happens sooner was not its doing. */
const NEVER_MS = 10 * 60 * 1000;

describe("the sequencer's loop", () => {
  let db: Db;
  let close: () => Promise<void>;
  let redis: Redis;
  let subscriber: Redis;
  let signals: LogSignals;
  let stop: () => Promise<void>;

  const start = (timing: { fallbackMs: number; recheckMs: number }) => {
    const abort = new AbortController();
    const sequencer = new Sequencer(db, { unconfirmedGraceMs: 1_000, maxEventsPerDoc: 20 });
    const loop = sequencerLoop(sequencer, new Leases(redis, uniqueName('seq'), 10_000), db, timing);
    const running = runWakeUpLoop({
      ...loop,
      signal: abort.signal,
      doorbell: signals.doorbell([COMMIT_ANNOUNCED]),
      whileIdle: loop.whileIdle,
      renewEveryMs: 3_000,
      fallbackMs: NEVER_MS,
      retryAfterErrorMs: 1_000,
      onError: (error) => {
        throw error;
      },
    });
    stop = async () => {
      abort.abort();
      signals.wakeAll();
      await running;
    };
  };
  const logHead = async () => (await findLogHead(db)).lastPos;

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('seqloop'));
    redis = connectTestRedis();
    subscriber = redis.duplicate();
    signals = new LogSignals(redis, subscriber, `${uniqueName('signals')}:`);
    await signals.start();
    stop = async () => undefined;
  });
  afterEach(async () => {
    await stop();
    subscriber.disconnect();
    redis.disconnect();
    await close();
  });

  it('sequences an announced commit at once, and one nobody announced at its next look', async () => {
    start({ fallbackMs: 1_000, recheckMs: 200 });
    const announced = new MongoEventStore(db, testCatalog, () => signals.signal(COMMIT_ANNOUNCED));
    await announced.appendToStream('a', [increment(1)], appendOptions());
    await eventually(async () => (await logHead()) === 1, 30_000, 'the announced commit in the log');

    const silent = new MongoEventStore(db, testCatalog);
    await silent.appendToStream('s', [increment(2)], appendOptions());
    await silent.settled();
    await eventually(async () => (await logHead()) === 2, 30_000, 'the silent commit in the log');
  });

  it('looks again soon while a commit waits for a writer that died, and voids it once its grace period is over', async () => {
    start({ fallbackMs: NEVER_MS, recheckMs: 200 });
    const announced = new MongoEventStore(db, testCatalog, () => signals.signal(COMMIT_ANNOUNCED));
    await announced.appendToStream('s', [increment(1)], appendOptions());
    await eventually(async () => (await logHead()) === 1, 30_000, 'the first commit in the log');
    // A writer announced the stream's second commit and died before writing it: nothing will signal it again.
    const orphan: InboxEntry = {
      _id: commitKey('s', 2),
      confirmed: false,
      createdAt: Date.now(),
      commit: {
        streamId: 's',
        seq: 2,
        commitId: 'dead-writer',
        fromVersion: 2,
        toVersion: 2,
        events: [],
        occurredAt: new Date(),
        actorId: null,
        correlationId: 'c',
        causationId: null,
      },
    };
    await db.collection<InboxEntry>(INBOX).insertOne(orphan);
    await announced.appendToStream('t', [increment(2)], appendOptions());
    await eventually(async () => (await logHead()) === 2, 30_000, 'the commit of another stream in the log');

    await eventually(async () => (await db.collection(INBOX).countDocuments()) === 0, 30_000, 'the dead writer’s commit to be voided');
  });
});
