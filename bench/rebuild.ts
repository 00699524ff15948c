import { Redis } from 'ioredis';
import { findLogHead, readLogDoc } from '@infrastructure/event-store/log-documents';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { LOG_DOCS_PER_SEGMENT, segmentOf } from '@infrastructure/event-store/storage-layout';
import { testCatalog } from '@infrastructure/event-store/testing/test-events';
import { encodeWrites } from '@infrastructure/projections/batch-writes';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { projectionKeys } from '@infrastructure/projections/projection-keys';
import { APPLY_BATCH } from '@infrastructure/projections/scripts';
import { counterProjection } from '@infrastructure/projections/testing/counter-projection';
import { buildRunner, runUntilIdle } from '@infrastructure/projections/testing/projection-harness';
import type { RecordedEvent } from '@application/shared/event-store';
import { monitoredClient, type BenchContext } from './context';
import { cpuShare, now, perSecond, round, sampleCpu, type CpuShare } from './measure';
import { StoreSeeder } from './seed';

export type Rate = Readonly<{ label: string; events: number; ms: number; eventsPerSecond: number; cpuPercentOfOneCore: CpuShare; note?: string }>;

/** How fast the log reads back depending on how many events each log document holds (the sequencer's batch). */
export type LogShape = Readonly<{ eventsPerDoc: number; events: number; logDocs: number; readAfterEventsPerSecond: number; meanDocReadMs: number }>;

/** Each log of the log-shape comparison fills whole segments, and holds at least about 2,000 events. */
const SHAPES = [1, 8, 32];
const shapeEvents = (docEvents: number): number => {
  const segment = LOG_DOCS_PER_SEGMENT * docEvents;
  return segment * Math.max(1, Math.ceil(2_048 / segment));
};

export type CommandsPerBatch = Record<string, { perBatch: number; meanMs: number }>;

export type RebuildBenchmark = Readonly<{
  logShapes: LogShape[];
  logEvents: number;
  logDocs: number;
  writesPerEvent: number;
  batchSize: number;
  projection: Rate[];
  raw: Rate[];
  /** Redis commands the runner sent per batch during the first build (client side: one per round trip). */
  redisCallsPerBatch: Record<string, number>;
  /** FerretDB commands per batch (and their mean duration) during the first build and during the rebuild. */
  mongoCommandsPerBatch: Readonly<{ firstBuild: CommandsPerBatch; rebuild: CommandsPerBatch }>;
  verified: Readonly<{ checkpoint: number; totalCounted: number; rebuiltCheckpoint: number; rebuiltTotal: number; activeAfterRebuild: number | null }>;
}>;

/** Counts the commands a client sends (round trips; what a script does inside Redis is not counted). */
const countCommands = (redis: Redis): Map<string, number> => {
  const calls = new Map<string, number>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command: { name: string }, ...rest: unknown[]) => {
    calls.set(command.name, (calls.get(command.name) ?? 0) + 1);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  };
  return calls;
};

const deleteKeys = async (redis: Redis, pattern: string): Promise<void> => {
  const stream = redis.scanStream({ match: pattern, count: 1_000 });
  for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await redis.unlink(...keys);
};

/** Reads the whole log after `from` in pages of `batch`, as the runner does; returns the events read. */
const readAll = async (log: MongoEventLog, batch: number, until: number, onPage?: (events: RecordedEvent[]) => Promise<void>): Promise<number> => {
  let position = 0;
  let read = 0;
  while (position < until) {
    const events = await log.readAfter(position, batch);
    if (events.length === 0) throw new Error(`the log ends at ${position}, before ${until}`);
    read += events.length;
    position = events.at(-1)!.metadata.globalPosition;
    if (onPage) await onPage(events);
  }
  return read;
};

/**
 * A log of M events (bulk-seeded, `seedDocEvents` events per log document), then: the raw log read rate, raw
 * Redis pipelines of the same commands the projection sends, the APPLY_BATCH script alone, and the projection built
 * from position 1 by ProjectionRunner, then rebuilt as a new generation beside the live one.
 */
export const rebuildBenchmark = async (ctx: BenchContext): Promise<RebuildBenchmark> => {
  const { options } = ctx;
  const M = options.rebuildEvents;
  const batch = options.batchSize;
  const mongo = await monitoredClient(ctx.mongoUrl);
  const db = mongo.client.db(`${ctx.runId}_rebuild`);
  const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 3 });
  const name = `${ctx.runId}_counter`;
  const rawPrefix = `${ctx.runId}:raw`;
  const raw: Rate[] = [];
  const projection: Rate[] = [];
  const measure = async (into: Rate[], label: string, events: number, body: () => Promise<unknown>, note?: string) => {
    const cpuBefore = sampleCpu(ctx.cpu);
    const start = now();
    await body();
    const ms = now() - start;
    into.push({ label, events, ms: round(ms), eventsPerSecond: perSecond(events, ms), cpuPercentOfOneCore: cpuShare(cpuBefore, sampleCpu(ctx.cpu)), note });
  };
  try {
    ctx.log(`  seeding a log of ${M} events`);
    await new StoreSeeder(db, { prefix: 'seed', commitsPerStream: 8, docEvents: options.seedDocEvents, writers: options.writers }).add(M);
    const head = await findLogHead(db);

    // 1. The log documents alone: one findOne by _id per document, nothing decoded.
    for (let docNo = 1; docNo <= Math.min(20, head.docNo); docNo++) await readLogDoc(db, docNo);
    await measure(raw, 'log documents, findOne by _id (no decoding)', M, async () => {
      for (let docNo = 1; docNo <= head.docNo; docNo++) if (!(await readLogDoc(db, docNo))) throw new Error(`log document ${docNo} missing`);
    });

    // 1b. The same documents as whole segments: one find per segment, nothing decoded (what a scan costs anyway).
    await measure(raw, `log documents, one find per segment of ${LOG_DOCS_PER_SEGMENT} (no decoding)`, M, async () => {
      let read = 0;
      for (let docNo = 1; docNo <= head.docNo; docNo += LOG_DOCS_PER_SEGMENT) read += (await segmentOf(db, docNo).find({}).toArray()).length;
      if (read !== head.docNo) throw new Error(`read ${read} log documents, expected ${head.docNo}`);
    });

    // 2. MongoEventLog.readAfter from 0 to the end, in pages of the runner's batch size (decoded, validated events).
    await readAll(new MongoEventLog(db, testCatalog), batch, Math.min(M, batch * 5));
    await measure(raw, `MongoEventLog.readAfter, pages of ${batch}`, M, () => readAll(new MongoEventLog(db, testCatalog), batch, M));

    // The events, decoded once, for the Redis-only measurements.
    const events = await new MongoEventLog(db, testCatalog).readAfter(0, M);
    const pages: RecordedEvent[][] = [];
    for (let i = 0; i < events.length; i += batch) pages.push(events.slice(i, i + batch));

    // 3. Raw Redis: HINCRBY + SADD + ZADD per event, one pipeline per page.
    const pipelined = async (prefix: string, list: RecordedEvent[][]) => {
      for (const page of list) {
        const pipeline = redis.pipeline();
        for (const event of page) {
          const data = event.data as { by: number; writer: string };
          pipeline.hincrby(`${prefix}:totals`, data.writer, data.by);
          pipeline.sadd(`${prefix}:writers`, data.writer);
          pipeline.zadd(`${prefix}:by-position`, event.metadata.globalPosition, event.metadata.eventId);
        }
        await pipeline.exec();
      }
    };
    await pipelined(`${rawPrefix}:warmup`, pages.slice(0, 5));
    await measure(raw, `Redis pipelines of ${batch * 3} commands (HINCRBY, SADD, ZADD)`, M, () => pipelined(`${rawPrefix}:pipe`, pages));

    // 4. The projection's APPLY_BATCH script alone, on pre-read events: what Redis costs the runner per batch.
    const scriptKeys = projectionKeys(`${ctx.runId}_script`);
    const scriptAlone = async (generation: number, list: RecordedEvent[][]) => {
      await redis.set(scriptKeys.lease(generation).key, 'bench');
      const handler = counterProjection('unused').handlers.CounterIncremented!;
      let checkpoint = 0;
      for (const page of list) {
        const encoded = encodeWrites(page.flatMap(handler), scriptKeys.dataPrefix(generation));
        const last = page.at(-1)!.metadata.globalPosition;
        const result = await APPLY_BATCH.run(
          redis,
          [scriptKeys.checkpoint(generation), scriptKeys.lease(generation).key, ...encoded.keys],
          [String(checkpoint), String(last), 'bench', encoded.ops],
        );
        if (result !== 1) throw new Error(`APPLY_BATCH returned ${String(result)}`);
        checkpoint = last;
      }
    };
    await scriptAlone(1, pages.slice(0, 5));
    await measure(raw, 'APPLY_BATCH script alone (events already read)', M, () => scriptAlone(2, pages));

    // 5. The projection, built from position 1 by ProjectionRunner (runOnce until idle).
    const warmup = buildRunner(redis, db, [counterProjection(`${name}_warmup`)], { batchSize: batch, instanceId: 'bench-warmup' });
    for (let i = 0; i < 5; i++) await warmup.runOnce();
    const registry = new GenerationRegistry(redis);
    const runnerRedis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 3 });
    await runnerRedis.ping(); // connection set-up commands are not the runner's
    const calls = countCommands(runnerRedis);
    mongo.counter.reset();
    const firstRunner = buildRunner(runnerRedis, db, [counterProjection(name, 1)], { batchSize: batch, instanceId: 'bench' });
    await measure(projection, 'first build (generation 1, from position 1)', M, () => runUntilIdle(firstRunner));
    runnerRedis.disconnect();
    const batches = Math.ceil(M / batch);
    const redisCallsPerBatch: Record<string, number> = {};
    for (const [command, count] of calls) redisCallsPerBatch[command] = round(count / batches, 2);
    const perBatch = (): CommandsPerBatch =>
      Object.fromEntries(
        Object.entries(mongo.counter.snapshot().commands).map(([label, stats]) => [label, { perBatch: round(stats.count / batches, 2), meanMs: stats.meanMs }]),
      );
    const firstBuildCommands = perBatch();
    const checkpoint = await registry.checkpoint(name, 1);
    const totals = await redis.hgetall(`${projectionKeys(name).dataPrefix(1)}totals`);
    const totalCounted = Object.values(totals).reduce((sum, value) => sum + Number(value), 0);

    // 6. A rebuild: version 2 builds generation 2 from position 1 while generation 1 stays live, then takes over.
    // The process that built generation 1 is gone (as after a deploy of the new version): its lease is released, so
    // the new runner keeps the live generation up to date while it builds generation 2.
    await redis.del(projectionKeys(name).lease(1).key);
    const secondRunner = buildRunner(redis, db, [counterProjection(name, 2)], { batchSize: batch, instanceId: 'bench-v2' });
    mongo.counter.reset();
    await measure(
      projection,
      'rebuild (generation 2 beside the live one, until switched)',
      M,
      async () => {
        for (let pass = 0; ; pass++) {
          const applied = await secondRunner.runOnce();
          if (applied === 0 && (await registry.active(name)) !== 1) return;
          if (pass > M) throw new Error('the rebuild did not finish');
        }
      },
      'each pass also serves the live generation (caught up: one log read that finds nothing) before the building one',
    );
    const rebuildCommands = perBatch();
    const active = await registry.active(name);
    const rebuiltCheckpoint = active === null ? 0 : await registry.checkpoint(name, active);
    const rebuiltTotals = active === null ? {} : await redis.hgetall(`${projectionKeys(name).dataPrefix(active)}totals`);
    const rebuiltTotal = Object.values(rebuiltTotals).reduce((sum, value) => sum + Number(value), 0);

    const logShapes: LogShape[] = [];
    for (const docEvents of SHAPES) {
      ctx.log(`  log read rate with ${docEvents} event(s) per log document`);
      const shapeDb = mongo.client.db(`${ctx.runId}_shape_${docEvents}`);
      const SHAPE_EVENTS = shapeEvents(docEvents);
      try {
        await new StoreSeeder(shapeDb, { prefix: 'seed', commitsPerStream: 8, docEvents, writers: options.writers }).add(SHAPE_EVENTS);
        await readAll(new MongoEventLog(shapeDb, testCatalog), batch, Math.min(SHAPE_EVENTS, batch * 2));
        mongo.counter.reset();
        const start = now();
        await readAll(new MongoEventLog(shapeDb, testCatalog), batch, SHAPE_EVENTS);
        const ms = now() - start;
        logShapes.push({
          eventsPerDoc: docEvents,
          events: SHAPE_EVENTS,
          logDocs: Math.ceil(SHAPE_EVENTS / docEvents),
          readAfterEventsPerSecond: perSecond(SHAPE_EVENTS, ms),
          meanDocReadMs: mongo.counter.snapshot().commands['find es_log_*']?.meanMs ?? 0,
        });
      } finally {
        await shapeDb.dropDatabase().catch(() => undefined);
      }
    }

    return {
      logShapes,
      logEvents: head.lastPos,
      logDocs: head.docNo,
      writesPerEvent: 3,
      batchSize: batch,
      projection,
      raw,
      redisCallsPerBatch,
      mongoCommandsPerBatch: { firstBuild: firstBuildCommands, rebuild: rebuildCommands },
      verified: { checkpoint, totalCounted, rebuiltCheckpoint, rebuiltTotal, activeAfterRebuild: active },
    };
  } finally {
    for (const pattern of [`${ctx.runId}:*`, `*{${ctx.runId}_*`]) await deleteKeys(redis, pattern).catch(() => undefined);
    redis.disconnect();
    await db.dropDatabase().catch(() => undefined);
    await mongo.client.close();
  }
};
