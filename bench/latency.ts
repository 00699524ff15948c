import { findLogHead } from '@infrastructure/event-store/log-documents';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { STREAM_BUCKETS, type StoredCommit } from '@infrastructure/event-store/storage-layout';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { commitSizedDoc, SEQUENCER_IDLE_MS, UNCONFIRMED_GRACE_MS } from './appends';
import { monitoredClient, type BenchContext } from './context';
import { latencyOf, now, round, type Latency } from './measure';
import { RunningSequencer } from './running-sequencer';
import { StoreSeeder } from './seed';

/** Streams the timed appends go to (created in the first warm-up, so the store's stream cache knows them). */
const LIVE_STREAMS = 64;
/** Lookups timed in the plain-collection baseline: each is a table scan, so fewer than appends. */
const LOOKUP_SAMPLES = 10;

export type LatencyAtSize = Readonly<{
  /** Commits in the store when the timed appends started. */
  storeCommits: number;
  meanCommitsPerBucket: number;
  logEvents: number;
  append: Latency;
  /** Mean duration of each command the writer sent, as the driver saw it. */
  writerCommandMeanMs: Record<string, number>;
  sequencerCommandMeanMs: Record<string, number>;
  raw: Readonly<{ plainDocs: number; insertOne: Latency; findOneHit: Latency; findOneMiss: Latency }>;
}>;

/** Reading the whole log back would take longer than the benchmark itself: only the head and the live streams are checked. */
export type LatencyBenchmark = Readonly<{
  sizes: LatencyAtSize[];
  verified: Readonly<{ expectedEvents: number; logHead: number; liveStreamsIntact: boolean }>;
}>;

const meansOf = (commands: Record<string, { meanMs: number }>): Record<string, number> =>
  Object.fromEntries(Object.entries(commands).map(([label, stats]) => [label, stats.meanMs]));

const timed = async (count: number, op: (i: number) => Promise<unknown>): Promise<number[]> => {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await op(i);
    latencies.push(now() - start);
  }
  return latencies;
};

/**
 * Append latency (one writer, sequencer running) as the store grows: the store is filled to each size by the
 * seeder, then the timed appends go to the same 64 live streams. Beside it, a plain collection of the same number
 * of commit-sized documents: insertOne and findOne by `_id` latency, which is what an unbucketed layout would pay.
 */
export const latencyBenchmark = async (ctx: BenchContext): Promise<LatencyBenchmark> => {
  const { options } = ctx;
  const dbName = `${ctx.runId}_latency`;
  const writerSide = await monitoredClient(ctx.mongoUrl);
  const sequencerSide = await monitoredClient(ctx.mongoUrl);
  const db = writerSide.client.db(dbName);
  const seeder = new StoreSeeder(db, { prefix: 'seed', commitsPerStream: 8, docEvents: options.seedDocEvents, writers: options.writers });
  let sequencer: RunningSequencer | undefined;
  const store = new MongoEventStore(db, testCatalog, () => sequencer?.wakeup.notify());
  const plain = db.collection<StoredCommit>('plain');
  let plainDocs = 0;
  let appended = 0;
  let nth = 0;
  const sizes: LatencyAtSize[] = [];
  const append = () => store.appendToStream(`live-${nth++ % LIVE_STREAMS}`, [increment(1, 'live')], appendOptions());
  try {
    for (const size of options.sizes) {
      const missing = size - seeder.seeded - appended;
      if (missing > 0) {
        ctx.log(`  store: seeding ${missing} commits (to ${size})`);
        await seeder.add(missing);
      }
      const storeCommits = seeder.seeded + appended;
      sequencer = new RunningSequencer(sequencerSide.client.db(dbName), {
        maxEventsPerDoc: options.maxEventsPerDoc,
        unconfirmedGraceMs: UNCONFIRMED_GRACE_MS,
        idleMs: SEQUENCER_IDLE_MS,
      });
      await timed(options.warmup, append);
      writerSide.counter.reset();
      sequencerSide.counter.reset();
      ctx.log(`  store: ${options.latencySamples} appends at ${storeCommits} commits`);
      const latencies = await timed(options.latencySamples, append);
      appended += options.warmup + options.latencySamples;
      await sequencer.reached(seeder.seeded + appended, 120_000);
      await sequencer.stop();
      sequencer = undefined;
      const writerCommands = writerSide.counter.snapshot().commands;
      const sequencerCommands = sequencerSide.counter.snapshot().commands;
      const logEvents = (await findLogHead(db)).lastPos;

      ctx.log(`  plain collection: ${size} docs, insertOne / findOne latency`);
      if (size > plainDocs) {
        const batch = Array.from({ length: size - plainDocs }, (_, i) => commitSizedDoc(`p-${plainDocs + i}`));
        await plain.insertMany(batch, { ordered: false });
        plainDocs = size;
      }
      const insertOne = await timed(options.latencySamples, (i) => plain.insertOne(commitSizedDoc(`i-${size}-${i}`)));
      plainDocs += options.latencySamples;
      const hits = await timed(LOOKUP_SAMPLES, (i) => plain.findOne({ _id: commitSizedDoc(`p-${Math.floor((i * 7919) % size)}`)._id }));
      const misses = await timed(LOOKUP_SAMPLES, (i) => plain.findOne({ _id: `missing-${i}` }));

      sizes.push({
        storeCommits,
        meanCommitsPerBucket: round(storeCommits / STREAM_BUCKETS, 1),
        logEvents,
        append: latencyOf(latencies),
        writerCommandMeanMs: meansOf(writerCommands),
        sequencerCommandMeanMs: meansOf(sequencerCommands),
        raw: { plainDocs: size, insertOne: latencyOf(insertOne), findOneHit: latencyOf(hits), findOneMiss: latencyOf(misses) },
      });
    }
    const logHead = (await findLogHead(db)).lastPos;
    let liveEvents = 0;
    for (let k = 0; k < LIVE_STREAMS; k++) {
      const snapshot = await store.readStream(`live-${k}`);
      if (snapshot.events.some((event, index) => event.metadata.streamVersion !== index + 1)) liveEvents = -Infinity;
      liveEvents += snapshot.events.length;
    }
    return { sizes, verified: { expectedEvents: seeder.seeded + appended, logHead, liveStreamsIntact: liveEvents === appended } };
  } finally {
    await sequencer?.stop();
    await db.dropDatabase().catch(() => undefined);
    await writerSide.client.close();
    await sequencerSide.client.close();
  }
};
