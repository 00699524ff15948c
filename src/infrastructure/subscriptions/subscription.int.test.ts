import { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import type { Event } from '@domain/shared';
import { definePolicy } from '@application/shared/policy';
import { defineProjection, rm } from '@application/shared/projection';
import { defineRealtimeProjection, userRoom } from '@application/shared/realtime';
import { startRedisServer } from '@infrastructure/embedded';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { Sequencer } from '@infrastructure/event-store/sequencer';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { policySubscription } from '@infrastructure/policies/policy-subscription';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { projectionKeys } from '@infrastructure/projections/projection-keys';
import { counterProjection } from '@infrastructure/projections/testing/counter-projection';
import { buildRunner, connectTestRedis, runUntilIdle, silentLogger } from '@infrastructure/projections/testing/projection-harness';
import { realtimeSubscription } from '@infrastructure/realtime/realtime-subscription';
import { SocketIoRealtime } from '@infrastructure/realtime/socket-io-realtime';
import { RedisReadModels } from '@infrastructure/projections/redis-read-models';
import { Leases } from '@infrastructure/redis/leases';
import { openTestDatabase } from '@test/support/mongo';
import { uniqueName } from '@test/support/unique-name';
import { ConsumerAdmin } from './consumer-admin';
import { DeadLetters } from './dead-letters';
import type { Subscription } from './subscription';

describe('every log consumer through one subscription', () => {
  let db: Db;
  let close: () => Promise<void>;
  let redis: Redis;
  let store: MongoEventStore;
  let sequencer: Sequencer;
  let name: string;
  /** The amounts each policy pass acted on, in order. */
  let acted: number[];

  const write = async (...amounts: number[]) => {
    for (const by of amounts) await store.appendToStream('counter-w', [increment(by, 'w')], appendOptions());
    await store.settled();
    while ((await sequencer.tick()) > 0);
  };
  const deps = (on: Redis = redis) => ({
    log: new MongoEventLog(db, testCatalog),
    leases: new Leases(on, 'test', 10_000),
    deadLetters: new DeadLetters(db, on),
    logger: silentLogger,
    db,
  });
  /** A policy that records what it acts on, and fails on the amounts `failing` holds. */
  const countingPolicy = (failing: Set<number>) =>
    definePolicy<Event<'CounterIncremented', { by: number; writer: string }>>(name, {
      CounterIncremented: async (event) => {
        const { by } = event.data;
        if (failing.has(by)) throw new Error(`cannot act on ${by}`);
        acted.push(by);
      },
    });
  const drain = async (subscription: Subscription<unknown>) => {
    while ((await subscription.runOnce()) > 0);
  };
  const adminOf = (...subscriptions: Array<Subscription<unknown>>) =>
    new ConsumerAdmin(
      { log: new MongoEventLog(db, testCatalog), registry: new GenerationRegistry(redis), deadLetters: new DeadLetters(db, redis) },
      { projections: [], subscriptions },
    );

  beforeEach(async () => {
    ({ db, close } = await openTestDatabase('subs'));
    redis = connectTestRedis();
    store = new MongoEventStore(db, testCatalog);
    sequencer = new Sequencer(db, { unconfirmedGraceMs: 1_000, maxEventsPerDoc: 20 });
    name = uniqueName('consumer');
    acted = [];
  });
  afterEach(async () => {
    redis.disconnect();
    await close();
  });

  describe('a policy', () => {
    it('starts at the head, so deploying it never acts on past events, then acts on each new event once', async () => {
      await write(1, 2);
      const policy = policySubscription(deps(), countingPolicy(new Set()), { batchSize: 10, maxAttempts: 3 });
      await drain(policy);
      await write(3, 4);
      await drain(policy);
      await drain(policy);
      expect(acted).toEqual([3, 4]);
      expect((await adminOf(policy).status())[0]).toMatchObject({ name, kind: 'policy', checkpoint: 4, headPosition: 4, lag: 0, deadLetters: 0 });
    });

    it('keeps its checkpoint in MongoDB: after Redis lost everything it neither repeats nor stops', async () => {
      const server = await startRedisServer({});
      const own = new Redis(server.url);
      try {
        const policy = policySubscription(deps(own), countingPolicy(new Set()), { batchSize: 10, maxAttempts: 3 });
        await drain(policy);
        await write(1, 2);
        await drain(policy);
        await own.flushall();
        await drain(policy);
        await write(3);
        await drain(policy);
        expect(acted).toEqual([1, 2, 3]);
      } finally {
        own.disconnect();
        await server.stop();
      }
    });

    it('never moves its checkpoint back when a runner that fell behind commits late', async () => {
      const first = policySubscription(deps(), countingPolicy(new Set()), { batchSize: 10, maxAttempts: 3 });
      await drain(first);
      await write(1, 2);
      await drain(first);
      expect(await first.config.checkpoints.commit(0, 1, [], 'a-token-of-long-ago')).toBe('checkpoint-moved');
      expect(await first.config.checkpoints.read()).toBe(2);
    });

    it('dead-letters an event that keeps failing and goes on; an admin replays one and discards another', async () => {
      const failing = new Set([2, 3]);
      const policy = policySubscription(deps(), countingPolicy(failing), { batchSize: 10, maxAttempts: 3 });
      await drain(policy);
      await write(1, 2, 3, 4);
      for (let pass = 0; pass < 6; pass++) await policy.runOnce();
      expect(acted).toEqual([1, 4]);
      const admin = adminOf(policy);
      const letters = await admin.listDeadLetters(name);
      expect(letters).toMatchObject([
        { consumer: name, kind: 'policy', position: 2, eventType: 'CounterIncremented', error: 'cannot act on 2', attempts: 3 },
        { consumer: name, kind: 'policy', position: 3, error: 'cannot act on 3', attempts: 3 },
      ]);
      expect((await admin.status())[0]).toMatchObject({ lag: 0, deadLetters: 2 });

      failing.clear();
      await admin.replayDeadLetter(name, 2);
      await admin.discardDeadLetter(name, 3);
      await policy.runOnce();
      expect(acted).toEqual([1, 4, 2]);
      expect(await admin.listDeadLetters(name)).toEqual([]);
      await expect(admin.replayDeadLetter(name, 3)).rejects.toThrow(`Consumer ${name} has no dead letter at position 3.`);
      await expect(admin.rebuild(name)).rejects.toThrow('is not a projection');
    });
  });

  describe('a realtime projection', () => {
    it('dead-letters a message that keeps failing, and sends it on replay', async () => {
      let broken = true;
      const handled: number[] = [];
      const projection = defineRealtimeProjection(name, [], {
        CounterIncremented: async (event) => {
          const { by } = event.data as { by: number };
          if (broken && by === 2) throw new Error('cannot say 2');
          handled.push(by);
          return [{ room: userRoom('nobody'), event: 'counted', args: [{ by }] }];
        },
      });
      const realtime = realtimeSubscription(
        {
          ...deps(),
          redis,
          realtime: new SocketIoRealtime(redis, { channelPrefix: uniqueName('sio') }),
          readModels: new RedisReadModels(redis),
        },
        { name, projections: [projection] },
        { batchSize: 10, maxAttempts: 2 },
      );
      await drain(realtime);
      await write(1, 2, 3);
      for (let pass = 0; pass < 3; pass++) await realtime.runOnce();
      const admin = adminOf(realtime);
      expect(await admin.listDeadLetters(name)).toMatchObject([{ kind: 'realtime', position: 2, error: 'cannot say 2', attempts: 2 }]);
      expect((await admin.status())[0]).toMatchObject({ kind: 'realtime', checkpoint: 3, lag: 0, deadLetters: 1 });

      broken = false;
      await admin.replayDeadLetter(name, 2);
      await realtime.runOnce();
      expect(handled).toEqual([1, 3, 2]);
      expect(await admin.listDeadLetters(name)).toEqual([]);
    });
  });

  describe('a projection', () => {
    it('dead-letters an event whose writes Redis keeps refusing, even though its handler succeeds, and goes on', async () => {
      const byAmount = defineProjection<Event<'CounterIncremented', { by: number; writer: string }>>(name, 1, {
        CounterIncremented: (event) => [rm.setAdd(`by:${event.data.by}`, event.metadata.eventId)],
      });
      await write(1, 2, 3);
      const runner = buildRunner(redis, db, [byAmount], { maxAttempts: 3 });
      await runner.runOnce();
      const generation = (await new GenerationRegistry(redis).active(name))!;
      await redis.del(`${projectionKeys(name).dataPrefix(generation)}by:1`, `${projectionKeys(name).dataPrefix(generation)}by:2`);
      await redis.set(projectionKeys(name).checkpoint(generation), '0');
      await redis.set(`${projectionKeys(name).dataPrefix(generation)}by:2`, 'a string, where a set is expected');
      for (let pass = 0; pass < 6; pass++) await runner.runOnce();
      expect(await new GenerationRegistry(redis).checkpoint(name, generation)).toBe(3);
      expect(await redis.smembers(`${projectionKeys(name).dataPrefix(generation)}by:3`)).toHaveLength(1);
      expect(await new DeadLetters(db, redis).list(name)).toMatchObject([
        { kind: 'projection', position: 2, generation, attempts: 3, error: expect.stringContaining('WRONGTYPE') },
      ]);
    });
  });

  describe('the admin of all consumers', () => {
    it('lists projections with their generations, then the other consumers, each with kind, checkpoint and lag', async () => {
      const projectionName = uniqueName('counter');
      await write(1, 2, 3);
      await runUntilIdle(buildRunner(redis, db, [counterProjection(projectionName)]));
      const policy = policySubscription(deps(), countingPolicy(new Set()), { batchSize: 10, maxAttempts: 3 });
      const admin = new ConsumerAdmin(
        { log: new MongoEventLog(db, testCatalog), registry: new GenerationRegistry(redis), deadLetters: new DeadLetters(db, redis) },
        { projections: [counterProjection(projectionName)], subscriptions: [policy] },
      );
      const before = await admin.status();
      expect(before).toMatchObject([
        { name: projectionName, kind: 'projection', checkpoint: 3, lag: 0, generations: [{ status: 'live', checkpoint: 3 }] },
        { name, kind: 'policy', checkpoint: null, lag: 0 },
      ]);
      await drain(policy);
      await write(4);
      expect((await admin.status())[1]).toMatchObject({ name, kind: 'policy', checkpoint: 3, headPosition: 4, lag: 1 });
      await expect(admin.listDeadLetters('no.such')).rejects.toThrow('There is no consumer named no.such.');
    });
  });
});
