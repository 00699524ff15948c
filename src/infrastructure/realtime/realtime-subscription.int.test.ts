import { createServer } from 'node:http';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { defineRealtimeProjection, userRoom, type RealtimeProjection } from '@application/shared/realtime';
import { findFreePort } from '@infrastructure/embedded';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { Sequencer } from '@infrastructure/event-store/sequencer';
import { appendOptions, increment, testCatalog } from '@infrastructure/event-store/testing/test-events';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import type { ProjectionRunner } from '@infrastructure/projections/projection-runner';
import { RedisReadModels } from '@infrastructure/projections/redis-read-models';
import { counterProjection } from '@infrastructure/projections/testing/counter-projection';
import { buildRunner, connectTestRedis, runUntilIdle } from '@infrastructure/projections/testing/projection-harness';
import { Leases } from '@infrastructure/redis/leases';
import { DeadLetters } from '@infrastructure/subscriptions/dead-letters';
import type { Subscription } from '@infrastructure/subscriptions/subscription';
import { sleep } from '@infrastructure/runtime/background-loop';
import { openTestDatabase } from '@test/support/mongo';
import { eventually } from '@test/support/eventually';
import { uniqueName } from '@test/support/unique-name';
import type { RealtimeLogger } from './realtime-logger';
import { realtimeProjectionKeys } from './realtime-keys';
import { realtimeSubscription } from './realtime-subscription';
import { createSocketServer, type SocketServer } from './socket-server';
import { SocketIoRealtime } from './socket-io-realtime';
import { connectClient, type RecordingClient } from './testing/socket-clients';
import { testAuthenticate, testDisplayNamesOf, testHiddenUsersOf } from './testing/test-authenticate';

type ProjectorOptions = Partial<{ maxAttempts: number }>;

describe('a realtime projection as a log consumer', () => {
  let db: Db;
  let closeDb: () => Promise<void>;
  let redis: Redis;
  let subscriber: Redis;
  let store: MongoEventStore;
  let sequencer: Sequencer;
  let projectionName: string;
  let consumerName: string;
  let channelPrefix: string;
  let server: SocketServer;
  let bob: RecordingClient;
  let realtime: SocketIoRealtime;
  let warnings: string[];
  let projections: ProjectionRunner;

  const logger: RealtimeLogger = { warn: (_details, message) => warnings.push(message), error: (_details, message) => warnings.push(message) };
  /** Tells bob how much the writer has counted so far, as the read model says, once it has counted this event. */
  const counterMessages = (dependsOn: string[]) =>
    defineRealtimeProjection(consumerName, dependsOn, {
      CounterIncremented: async (event, { readModels }) => {
        const { by, writer } = event.data as { by: number; writer: string };
        const totals = await readModels.view(projectionName).hash('totals');
        return [{ room: userRoom('bob'), event: 'counted', args: [{ by, total: Number(totals?.[writer] ?? 0) }] }];
      },
    });
  const subscribe = (projection: RealtimeProjection, options: ProjectorOptions = {}, leases = new Leases(redis, 'test', 10_000)) =>
    realtimeSubscription(
      {
        redis,
        log: new MongoEventLog(db, testCatalog),
        realtime,
        readModels: new RedisReadModels(redis),
        leases,
        deadLetters: new DeadLetters(db, redis),
        logger,
      },
      { name: consumerName, projections: [projection] },
      { batchSize: 100, maxAttempts: options.maxAttempts ?? 3 },
    );
  const projector = (dependsOn = [projectionName], options: ProjectorOptions = {}, leases?: Leases) => subscribe(counterMessages(dependsOn), options, leases);
  const write = async (...amounts: number[]) => {
    for (const by of amounts) await store.appendToStream('counter-w', [increment(by, 'w')], appendOptions());
    await store.settled();
    while ((await sequencer.tick()) > 0);
  };
  const counted = () => bob.received.filter((m) => m.event === 'counted').map((m) => m.args[0]);
  /** Everything emitted before this call has reached bob once it returns (one publisher, one subscriber: in order). */
  const settle = async () => {
    const marker = uniqueName('marker');
    await realtime.emit({ room: userRoom('bob'), event: 'marker', args: [marker] });
    await bob.waitFor('marker', (value) => value === marker);
  };

  beforeEach(async () => {
    ({ db, close: closeDb } = await openTestDatabase('realtime'));
    redis = connectTestRedis();
    subscriber = redis.duplicate();
    store = new MongoEventStore(db, testCatalog);
    sequencer = new Sequencer(db, { unconfirmedGraceMs: 1_000, maxEventsPerDoc: 20 });
    projectionName = uniqueName('counter');
    projections = buildRunner(redis, db, [counterProjection(projectionName)], { retiredGraceMs: 0 });
    consumerName = uniqueName('rt');
    channelPrefix = uniqueName('sio');
    realtime = new SocketIoRealtime(redis, { channelPrefix });
    warnings = [];
    const httpServer = createServer();
    server = createSocketServer(httpServer, {
      clientOrigin: 'http://localhost:3000',
      pubClient: redis,
      subClient: subscriber,
      authenticate: testAuthenticate,
      displayNamesOf: testDisplayNamesOf,
      hiddenUsersOf: testHiddenUsersOf,
      logger,
      channelPrefix,
      presence: { namespace: uniqueName('presence') },
    });
    await server.ready();
    const port = await findFreePort();
    await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
    bob = await connectClient(`http://127.0.0.1:${port}`, { auth: { token: 'user-bob' } });
  });
  afterEach(async () => {
    bob.close();
    await server.close();
    subscriber.disconnect();
    redis.disconnect();
    await closeDb();
  });

  it('emits an event only once the projection it depends on has applied it, with its global position', async () => {
    const realtimeProjector = projector();
    expect(await realtimeProjector.runOnce()).toBe(0);
    await write(5);

    expect(await realtimeProjector.runOnce()).toBe(0); // the read model has not applied it: nothing to read yet
    await settle();
    expect(counted()).toEqual([]);

    await runUntilIdle(projections);
    expect(await realtimeProjector.runOnce()).toBe(1);
    const [args] = await Promise.all([bob.waitFor('counted'), settle()]);
    expect(args).toEqual([{ by: 5, total: 5, globalPosition: 1 }]);
    expect(warnings).toEqual([]);
  });

  it('starts at the head when its checkpoint is missing, so old events are never emitted again', async () => {
    await write(1, 2);
    await runUntilIdle(projections);
    const realtimeProjector = projector();
    await drain(realtimeProjector);
    await settle();
    expect(counted()).toEqual([]);

    await write(3);
    await runUntilIdle(projections);
    await drain(realtimeProjector);
    await redis.del(realtimeProjectionKeys(consumerName).checkpoint);
    await drain(realtimeProjector);
    await write(4);
    await runUntilIdle(projections);
    await drain(realtimeProjector);

    await settle();
    expect(counted()).toEqual([
      { by: 3, total: 6, globalPosition: 3 },
      { by: 4, total: 10, globalPosition: 4 },
    ]);
    expect(warnings).toEqual([]);
  });

  it('emits nothing for the events a projection rebuild replays, and new events once', async () => {
    const realtimeProjector = projector();
    await drain(realtimeProjector);
    await write(1, 2, 3);
    await runUntilIdle(projections);
    await drain(realtimeProjector);

    const registry = new GenerationRegistry(redis);
    const before = await registry.active(projectionName);
    await registry.startGeneration(projectionName, 1);
    await write(4);
    let rebuilt = false;
    while (!rebuilt) {
      await projections.runOnce();
      await drain(realtimeProjector);
      rebuilt = (await registry.active(projectionName)) !== before;
    }
    await write(5);
    await runUntilIdle(projections);
    await drain(realtimeProjector);

    await settle();
    expect(counted().map((payload) => (payload as { globalPosition: number }).globalPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(counted().slice(3)).toEqual([
      { by: 4, total: 10, globalPosition: 4 },
      { by: 5, total: 15, globalPosition: 5 },
    ]);
    expect(warnings).toEqual([]);
  });

  it('retries an event whose message fails, then skips it and goes on', async () => {
    let failures = 0;
    const failing = defineRealtimeProjection(consumerName, [], {
      CounterIncremented: async (event) => {
        if ((event.data as { by: number }).by === 13) throw new Error(`failure ${++failures}`);
        return [{ room: userRoom('bob'), event: 'counted', args: [{ by: (event.data as { by: number }).by }] }];
      },
    });
    const realtimeProjector = subscribe(failing, { maxAttempts: 3 });
    await realtimeProjector.runOnce();
    await write(12, 13, 14);

    const passes = [];
    for (let pass = 0; pass < 4; pass++) passes.push(await realtimeProjector.runOnce());

    await settle();
    expect(passes).toEqual([1, 0, 2, 0]);
    expect(failures).toBe(3);
    expect(counted()).toEqual([
      { by: 12, globalPosition: 1 },
      { by: 14, globalPosition: 3 },
    ]);
    expect(warnings).toEqual(['realtime message failed; will retry', 'realtime message failed; will retry', 'realtime message failed; skipped']);
  });

  it('holds messages back, with no warning, until the read model applies them, and passes an event the read model gave up on', async () => {
    const failing = buildRunner(redis, db, [counterProjection(projectionName, 1, (by) => by === 13)], { maxAttempts: 3, retiredGraceMs: 0 });
    const realtimeProjector = projector();
    await realtimeProjector.runOnce();
    await write(12, 13, 14);

    await failing.runOnce(); // applies 12, fails on 13
    expect(await drainCount(realtimeProjector)).toBe(1);
    for (let pass = 0; pass < 2; pass++) await failing.runOnce(); // 13 fails again, is dead-lettered at its third attempt, then 14 applies
    expect(await drainCount(realtimeProjector)).toBe(2);

    await settle();
    expect(counted()).toEqual([
      { by: 12, total: 12, globalPosition: 1 },
      { by: 13, total: 26, globalPosition: 2 }, // the read model as it is when the message is built: 13 never counted
      { by: 14, total: 26, globalPosition: 3 },
    ]);
    expect(warnings).toEqual([]);
  });

  it('emits every message of a burst of writes once, in log order, each after its read model applied it', async () => {
    const writers = 4;
    const perWriter = 40;
    const lagging = buildRunner(redis, db, [counterProjection(projectionName)], { batchSize: 3, retiredGraceMs: 0 });
    const seen: Array<{ position: number; by: number; total: number }> = [];
    const recording = defineRealtimeProjection(consumerName, [projectionName], {
      CounterIncremented: async (event, { readModels }) => {
        const totals = await readModels.view(projectionName).hash('totals');
        seen.push({ position: event.metadata.globalPosition, by: (event.data as { by: number }).by, total: Number(totals?.w ?? 0) });
        return [{ room: userRoom('bob'), event: 'counted', args: [{ by: (event.data as { by: number }).by }] }];
      },
    });
    const realtimeProjector = subscribe(recording);
    await realtimeProjector.runOnce();

    let writing = true;
    /** Runs `step` while the writers write, then until it finds nothing more: the steps run side by side, as the worker's loops do. */
    const keepRunning = async (step: () => Promise<number>) => {
      while (writing) if ((await step()) === 0) await sleep(5);
      while ((await step()) > 0);
    };
    const sequencing = keepRunning(() => sequencer.tick());
    const projecting = keepRunning(() => lagging.runOnce());
    const emitting = keepRunning(() => realtimeProjector.runOnce());
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let n = 0; n < perWriter; n++) await store.appendToStream('counter-w', [increment(1, 'w')], appendOptions());
      }),
    );
    await store.settled();
    writing = false;
    await Promise.all([sequencing, projecting, emitting]);
    while ((await sequencer.tick()) > 0 || (await lagging.runOnce()) > 0 || (await realtimeProjector.runOnce()) > 0);

    const total = writers * perWriter;
    await eventually(async () => counted().length >= total, 60_000, 'every message to reach the socket');
    await settle();
    expect(seen.map(({ position }) => position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Every `by` is 1: a read model that has applied position p counts at least p.
    for (const { position, total: counted } of seen) expect(counted).toBeGreaterThanOrEqual(position);
    expect(counted()).toHaveLength(total);
    expect(warnings).toEqual([]);
  });

  it('refuses to start when a realtime projection depends on a projection that does not exist', () => {
    expect(() =>
      realtimeSubscription(
        {
          redis,
          log: new MongoEventLog(db, testCatalog),
          realtime,
          readModels: new RedisReadModels(redis),
          leases: new Leases(redis, 't', 10_000),
          deadLetters: new DeadLetters(db, redis),
          logger,
        },
        { name: consumerName, projections: [counterMessages(['never-built'])], projectionNames: [projectionName] },
        { batchSize: 100, maxAttempts: 3 },
      ),
    ).toThrow('Realtime projections depend on projections that do not exist: never-built');
  });

  it('lets one process emit at a time, and another take over once it lets go', async () => {
    const firstLeases = new Leases(redis, 'a', 10_000);
    const first = projector([projectionName], {}, firstLeases);
    const second = projector([projectionName], {}, new Leases(redis, 'b', 10_000));
    await first.runOnce();
    await write(1, 2);
    await runUntilIdle(projections);

    expect(await second.runOnce()).toBe(0);
    expect(await first.runOnce()).toBe(2);
    await firstLeases.releaseAll();
    await write(3);
    await runUntilIdle(projections);
    expect(await second.runOnce()).toBe(1);
    expect(await first.runOnce()).toBe(0);

    await settle();
    expect(counted().map((payload) => (payload as { by: number }).by)).toEqual([1, 2, 3]);
  });
});

const drain = async (projector: Subscription<number>): Promise<void> => {
  while ((await projector.runOnce()) > 0);
};

const drainCount = async (projector: Subscription<number>): Promise<number> => {
  let handled = 0;
  for (let pass = await projector.runOnce(); pass > 0; pass = await projector.runOnce()) handled += pass;
  return handled;
};
