import { Redis } from 'ioredis';
import { startRedisServer } from '@infrastructure/embedded';
import type { Db } from 'mongodb';
import type { Projection } from '@application/shared/projection';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { Sequencer } from '@infrastructure/event-store/sequencer';
import { sleep } from '@infrastructure/runtime/background-loop';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { killAllFixtures, killFixture, runWhileKillingRepeatedly, startFixture } from '@test/support/child-processes';
import { eventually } from '@test/support/eventually';
import { openTestDatabase } from '@test/support/mongo';
import { uniqueName } from '@test/support/unique-name';
import { ConsumerAdmin } from '../subscriptions/consumer-admin';
import { DeadLetters } from '../subscriptions/dead-letters';
import { GenerationRegistry } from './generation-registry';
import { projectionKeys } from './projection-keys';
import { RedisReadModels } from './redis-read-models';
import { counterProjection } from './testing/counter-projection';
import { buildRunner, connectTestRedis, runUntilIdle } from './testing/projection-harness';

describe('ProjectionRunner', () => {
  let db: Db;
  let close: () => Promise<void>;
  let redis: Redis;
  let store: MongoEventStore;
  let sequencer: Sequencer;
  let name: string;
  let expectedTotals: Record<string, number>;

  const write = async (count: number, writers = 3) => {
    for (let i = 0; i < count; i++) {
      const writer = `w${i % writers}`;
      await store.appendToStream(`counter-${writer}`, [increment(i + 1, writer)], appendOptions());
      expectedTotals[writer] = (expectedTotals[writer] ?? 0) + i + 1;
    }
    await store.settled();
    while ((await sequencer.tick()) > 0);
  };
  const adminOf = (projection: Projection) =>
    new ConsumerAdmin(
      { log: new MongoEventLog(db, testCatalog), registry: new GenerationRegistry(redis), deadLetters: new DeadLetters(db, redis) },
      { projections: [projection], subscriptions: [] },
    );
  const totals = async (generation?: number) => {
    const view = new RedisReadModels(redis).view(name);
    const hash = generation === undefined ? await view.hash('totals') : await redis.hgetall(`${projectionKeys(name).dataPrefix(generation)}totals`);
    return Object.fromEntries(Object.entries(hash ?? {}).map(([writer, total]) => [writer, Number(total)]));
  };

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('proj'));
    redis = connectTestRedis();
    store = new MongoEventStore(db, testCatalog);
    sequencer = new Sequencer(db, { unconfirmedGraceMs: 1_000, maxEventsPerDoc: 20 });
    name = uniqueName('counter');
    expectedTotals = {};
  });
  afterEach(async () => {
    await killAllFixtures();
    redis.disconnect();
    await close();
  });

  it('applies every event exactly once and keeps the checkpoint beside the read model', async () => {
    await write(40);
    const runner = buildRunner(redis, db, [counterProjection(name)]);
    await runUntilIdle(runner);
    await runUntilIdle(runner);
    expect(await totals()).toEqual(expectedTotals);
    const [report] = await adminOf(counterProjection(name)).status();
    expect(report).toMatchObject({ headPosition: 40, lag: 0, deadLetters: 0 });
  });

  it('reports lag as head position minus checkpoint', async () => {
    await write(12);
    const admin = adminOf(counterProjection(name));
    await buildRunner(redis, db, [counterProjection(name)], { batchSize: 5 }).runOnce();
    const [report] = await admin.projectionStatus();
    expect(report?.lag).toBe(7);
    expect(report?.generations[0]).toMatchObject({ checkpoint: 5, lag: 7, status: 'live' });
  });

  it('lets only the lease holder write, and another process take over when the lease expires', async () => {
    await write(20);
    const first = buildRunner(redis, db, [counterProjection(name)], { instanceId: 'a', leaseMs: 1_000, batchSize: 5 });
    const second = buildRunner(redis, db, [counterProjection(name)], { instanceId: 'b', leaseMs: 1_000, batchSize: 5 });
    expect(await first.runOnce()).toBe(5);
    expect(await second.runOnce()).toBe(0);
    await sleep(1_100);
    expect(await second.runOnce()).toBe(5);
    expect(await first.runOnce()).toBe(0);
    await runUntilIdle(second);
    expect(await totals()).toEqual(expectedTotals);
  });

  it('yields the same read model as a rebuild from zero after being killed at random moments', async () => {
    const start = () => startFixture('test/fixtures/projector-process.ts', [process.env.MONGO_URL ?? '', db.databaseName, process.env.REDIS_URL ?? '', name]);
    const { killsDuringWork, child } = await runWhileKillingRepeatedly(start, () => write(300, 5), [100, 300]);
    const registry = new GenerationRegistry(redis);
    await eventually(async () => (await registry.checkpoint(name, (await registry.active(name)) ?? 0)) === 300, 60_000, 'the projector to reach position 300');
    await killFixture(child);

    expect(killsDuringWork).toBeGreaterThan(0);
    const killedGeneration = (await registry.active(name))!;
    const rebuilt = await registry.startGeneration(name, 1);
    const runner = buildRunner(redis, db, [counterProjection(name)], { retiredGraceMs: 60_000 });
    await runUntilIdle(runner);
    await runner.runOnce();
    expect(await registry.active(name)).toBe(rebuilt);
    expect(await totals(killedGeneration)).toEqual(expectedTotals);
    expect(await totals(rebuilt)).toEqual(await totals(killedGeneration));
    const members = async (generation: number) => redis.zrange(`${projectionKeys(name).dataPrefix(generation)}by-position`, 0, -1, 'WITHSCORES');
    expect(await members(rebuilt)).toEqual(await members(killedGeneration));
  }, 180_000);

  it('rebuilds under live writes while queries keep reading the old generation, then switches atomically', async () => {
    await write(60);
    const runner = buildRunner(redis, db, [counterProjection(name)], { batchSize: 10, retiredGraceMs: 200 });
    await runUntilIdle(runner);
    const registry = new GenerationRegistry(redis);
    const before = await registry.active(name);
    await registry.startGeneration(name, 1);

    const sum = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);
    let reading = true;
    const seen: number[] = [];
    const reader = (async () => {
      while (reading) seen.push(sum(await totals()));
    })();
    let writing = true;
    const writer = (async () => {
      while (writing) await write(3);
    })();
    const runnerLoop = (async () => {
      while ((await registry.active(name)) === before) await runner.runOnce();
    })();
    await runnerLoop;
    writing = false;
    await writer;
    await runUntilIdle(runner);
    reading = false;
    await reader;

    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(await registry.active(name)).not.toBe(before);
    expect(await totals()).toEqual(expectedTotals);
    await sleep(250);
    await runner.runOnce();
    expect(await redis.exists(`${projectionKeys(name).dataPrefix(before!)}totals`)).toBe(0);
    expect((await registry.list(name)).map((g) => g.status)).toEqual(['live']);
  });

  it('builds a new generation by itself when the projection version is bumped', async () => {
    await write(10);
    await runUntilIdle(buildRunner(redis, db, [counterProjection(name, 1)]));
    const registry = new GenerationRegistry(redis);
    const v1 = await registry.active(name);
    const v2Runner = buildRunner(redis, db, [counterProjection(name, 2)]);
    await runUntilIdle(v2Runner);
    await v2Runner.runOnce();
    expect(await registry.active(name)).not.toBe(v1);
    expect(await totals()).toEqual(Object.fromEntries(Object.entries(expectedTotals).map(([w, t]) => [w, t * 2])));
  });

  it('dead-letters an event that keeps failing, goes on with the others, and replays it on request', async () => {
    let broken = true;
    const projection = counterProjection(name, 1, (by) => broken && by === 5);
    await write(10);
    const runner = buildRunner(redis, db, [projection], { maxAttempts: 3 });
    for (let pass = 0; pass < 5; pass++) await runner.runOnce();
    const admin = adminOf(projection);
    const [letter] = await admin.listDeadLetters(name);
    expect(letter).toMatchObject({ position: 5, eventType: 'CounterIncremented', error: 'cannot count 5', attempts: 3 });
    const [report] = await admin.status();
    expect(report).toMatchObject({ lag: 0, deadLetters: 1 });
    expect((await totals()).w1).toBe(expectedTotals.w1! - 5);

    broken = false;
    await admin.replayDeadLetter(name, 5);
    await runner.runOnce();
    expect(await totals()).toEqual(expectedTotals);
    expect(await admin.listDeadLetters(name)).toEqual([]);
  });

  it('notices that Redis lost everything and rebuilds from the log by itself', async () => {
    // A Redis of its own: FLUSHALL on the shared one would wipe the suites running beside this one.
    const server = await startRedisServer({});
    const own = new Redis(server.url);
    try {
      await write(25);
      const runner = buildRunner(own, db, [counterProjection(name)]);
      await runUntilIdle(runner);
      await own.flushall();
      expect(await new RedisReadModels(own).view(name).hash('totals')).toBeNull();
      await runUntilIdle(runner);
      const rebuilt = await new RedisReadModels(own).view(name).hash('totals');
      expect(Object.fromEntries(Object.entries(rebuilt ?? {}).map(([writer, total]) => [writer, Number(total)]))).toEqual(expectedTotals);
    } finally {
      own.disconnect();
      await server.stop();
    }
  });
});
