import { BSON, type Db } from 'mongodb';
import { ConcurrencyError } from '@application/shared/errors';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { commitKey, type StoredCommit } from '@infrastructure/event-store/storage-layout';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { monitoredClient, verifyLog, type BenchContext } from './context';
import { cpuShare, latencyOf, now, perSecond, round, runConcurrently, sampleCpu, type CpuShare, type Latency } from './measure';
import { RunningSequencer } from './running-sequencer';
import { commitBody } from './seed';

/** As the application's container configures the sequencer (src/infrastructure/container/container.ts). */
export const UNCONFIRMED_GRACE_MS = 5_000;
export const SEQUENCER_IDLE_MS = 20;
/** Streams the writers of a "distinct streams" run share out, so C=1 and C=C runs fill the store alike. */
const DISTINCT_STREAMS = 64;

export type AppendRun = Readonly<{
  label: string;
  writers: number;
  streams: number;
  contended: boolean;
  appends: number;
  appendWindowMs: number;
  appendsPerSecond: number;
  /** From the first append until the log head included every appended event. */
  endToEndMs: number;
  endToEndPerSecond: number;
  /** From the last acknowledged append until the log head included it. */
  logTailMs: number;
  latency: Latency;
  conflicts: Readonly<{ inboxDuplicateKeys: number; bucketDuplicateKeys: number; gaveUpAfterStoreRetries: number }>;
  writerCommandsPerAppend: number;
  writerCommands: unknown;
  sequencer: Readonly<{ ticks: number; logDocs: number; eventsPerLogDoc: number; commands: unknown; errors: number }>;
  cpuPercentOfOneCore: CpuShare;
  verified: Awaited<ReturnType<typeof verifyLog>>;
}>;

export type RawInsertRun = Readonly<{
  label: string;
  writers: number;
  docs: number;
  windowMs: number;
  docsPerSecond: number;
  latency?: Latency;
  cpuPercentOfOneCore: CpuShare;
}>;

export type AppendBenchmark = Readonly<{ docBytes: number; runs: AppendRun[]; raw: RawInsertRun[] }>;

type StreamPicker = (worker: number, nth: number) => string;

const distinctStreams = (writers: number): StreamPicker => {
  const owned = Math.max(1, Math.floor(DISTINCT_STREAMS / writers));
  // Writer w owns streams w, w + C, w + 2C…; its n-th append goes to the next of them in turn.
  return (worker, nth) => `d-${worker + writers * (nth % owned)}`;
};

const contendedStreams =
  (streams: number): StreamPicker =>
  (worker, nth) =>
    `c-${(worker + nth) % streams}`;

/** N appends of one event each from `writers` concurrent writers, a sequencer running beside them. */
const runAppends = async (
  ctx: BenchContext,
  label: string,
  writers: number,
  pick: StreamPicker,
  streamCount: number,
  contended: boolean,
): Promise<AppendRun> => {
  const { options } = ctx;
  const dbName = `${ctx.runId}_append_${label}`;
  const writerSide = await monitoredClient(ctx.mongoUrl);
  const sequencerSide = await monitoredClient(ctx.mongoUrl);
  const db = writerSide.client.db(dbName);
  const sequencer = new RunningSequencer(sequencerSide.client.db(dbName), {
    maxEventsPerDoc: options.maxEventsPerDoc,
    unconfirmedGraceMs: UNCONFIRMED_GRACE_MS,
    idleMs: SEQUENCER_IDLE_MS,
  });
  const store = new MongoEventStore(db, testCatalog, sequencer.wakeup.notify);
  let gaveUp = 0;
  try {
    const appendsOf = (count: number) => {
      const nth = new Array<number>(writers).fill(0);
      return runConcurrently(count, writers, async (_, worker) => {
        const streamId = pick(worker, nth[worker]!++);
        for (;;) {
          try {
            await store.appendToStream(streamId, [increment(1, `w${worker}`)], appendOptions());
            return;
          } catch (error) {
            // 'any' is retried 20 times by the store; past that the command handler would retry (or answer 409).
            if (!(error instanceof ConcurrencyError)) throw error;
            gaveUp += 1;
          }
        }
      });
    };

    await appendsOf(options.warmup);
    await sequencer.reached(options.warmup, 120_000);
    writerSide.counter.reset();
    sequencerSide.counter.reset();
    gaveUp = 0;

    const cpuBefore = sampleCpu(ctx.cpu);
    const start = now();
    const latencies = await appendsOf(options.events);
    const acked = now();
    const inLog = await sequencer.reached(options.warmup + options.events, 300_000);
    const cpuAfter = sampleCpu(ctx.cpu);
    await sequencer.stop();

    const writerCommands = writerSide.counter.snapshot();
    const sequencerCommands = sequencerSide.counter.snapshot();
    const logDocs = sequencerSide.counter.count('insert es_log_*');
    const run: AppendRun = {
      label,
      writers,
      streams: streamCount,
      contended,
      appends: options.events,
      appendWindowMs: round(acked - start),
      appendsPerSecond: perSecond(options.events, acked - start),
      endToEndMs: round(inLog - start),
      endToEndPerSecond: perSecond(options.events, inLog - start),
      logTailMs: round(inLog - acked),
      latency: latencyOf(latencies),
      conflicts: {
        inboxDuplicateKeys: writerSide.counter.duplicateKeys('insert es_inbox'),
        bucketDuplicateKeys: writerSide.counter.duplicateKeys('insert es_streams_*'),
        gaveUpAfterStoreRetries: gaveUp,
      },
      writerCommandsPerAppend: round(writerSide.counter.total() / options.events),
      writerCommands,
      sequencer: {
        ticks: sequencerSide.counter.count('find es_inbox'),
        logDocs,
        eventsPerLogDoc: round(logDocs ? options.events / logDocs : 0, 1),
        commands: sequencerCommands,
        errors: sequencer.errorCount,
      },
      cpuPercentOfOneCore: cpuShare(cpuBefore, cpuAfter),
      verified: await verifyLog(db, options.warmup + options.events),
    };
    if (sequencer.errorCount > 0) ctx.log(`  sequencer errors: ${sequencer.errorCount}, first: ${String(sequencer.firstError)}`);
    return run;
  } finally {
    await sequencer.stop();
    await db.dropDatabase().catch(() => undefined);
    await writerSide.client.close();
    await sequencerSide.client.close();
  }
};

/** A document of the size and shape of a stored commit, under a new `_id`. */
export const commitSizedDoc = (id: string): StoredCommit => {
  const commit = commitBody(`d-${id}`, 1, 'w0');
  return { ...commit, _id: commitKey(commit.streamId, 1) };
};

/** The database's own insert speed: one `insertMany` of the run's documents, then `insertOne` from each number of writers. */
export const rawInserts = async (ctx: BenchContext, db: Db, writerCounts: readonly number[] = [1, ctx.options.writers]): Promise<RawInsertRun[]> => {
  const { options } = ctx;
  const runs: RawInsertRun[] = [];
  const measured = async (label: string, writers: number, body: () => Promise<number[] | undefined>) => {
    const cpuBefore = sampleCpu(ctx.cpu);
    const start = now();
    const latencies = await body();
    const elapsed = now() - start;
    runs.push({
      label,
      writers,
      docs: options.events,
      windowMs: round(elapsed),
      docsPerSecond: perSecond(options.events, elapsed),
      latency: latencies ? latencyOf(latencies) : undefined,
      cpuPercentOfOneCore: cpuShare(cpuBefore, sampleCpu(ctx.cpu)),
    });
  };
  const docs = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => commitSizedDoc(`${prefix}-${i}`));

  await db.collection<StoredCommit>('warmup_many').insertMany(docs('w', options.warmup));
  const many = docs('m', options.events);
  await measured('insertMany (one call)', 1, async () => {
    await db.collection<StoredCommit>('plain_many').insertMany(many);
    return undefined;
  });

  for (const writers of writerCounts) {
    const collection = db.collection<StoredCommit>(`plain_one_c${writers}`);
    await runConcurrently(options.warmup, writers, async (i) => {
      await collection.insertOne(commitSizedDoc(`w-${i}`));
    });
    const prepared = docs(`o${writers}`, options.events);
    await measured(`insertOne x C`, writers, () =>
      runConcurrently(options.events, writers, async (i) => {
        await collection.insertOne(prepared[i]!);
      }),
    );
  }
  return runs;
};

export const appendBenchmark = async (ctx: BenchContext): Promise<AppendBenchmark> => {
  const { options } = ctx;
  const docBytes = BSON.calculateObjectSize(commitSizedDoc('size-probe'));
  const runs: AppendRun[] = [];
  const raw: RawInsertRun[] = [];

  const rawSide = await monitoredClient(ctx.mongoUrl);
  const rawDb = rawSide.client.db(`${ctx.runId}_raw_inserts`);
  try {
    ctx.log('  raw inserts (insertMany, insertOne x 1, insertOne x C)');
    raw.push(...(await rawInserts(ctx, rawDb)));
  } finally {
    await rawDb.dropDatabase().catch(() => undefined);
    await rawSide.client.close();
  }

  for (const writers of [1, options.writers]) {
    ctx.log(`  appends, ${writers} writer(s), distinct streams`);
    runs.push(await runAppends(ctx, `distinct_c${writers}`, writers, distinctStreams(writers), DISTINCT_STREAMS, false));
  }
  ctx.log(`  appends, ${options.writers} writers contending on ${options.contendedStreams} streams`);
  runs.push(
    await runAppends(ctx, `contended_c${options.writers}`, options.writers, contendedStreams(options.contendedStreams), options.contendedStreams, true),
  );
  return { docBytes, runs, raw };
};
