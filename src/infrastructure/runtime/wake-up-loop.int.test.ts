import { Redis } from 'ioredis';
import { definePolicy } from '@application/shared/policy';
import { startRedisServer, type ManagedProcess } from '@infrastructure/embedded';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { testCatalog } from '@infrastructure/event-store/testing/test-events';
import { policySubscription } from '@infrastructure/policies/policy-subscription';
import { connectTestRedis, silentLogger } from '@infrastructure/projections/testing/projection-harness';
import { Leases } from '@infrastructure/redis/leases';
import { COMMIT_ANNOUNCED, LOG_GREW, LogSignals } from '@infrastructure/redis/log-signals';
import { DeadLetters } from '@infrastructure/subscriptions/dead-letters';
import { sleep } from './background-loop';
import { eventually } from '@test/support/eventually';
import { openTestDatabase } from '@test/support/mongo';
import { uniqueName } from '@test/support/unique-name';
import { runWakeUpLoop, type PassReason, type WakeUpLoopOptions } from './wake-up-loop';

/** Far longer than any test: a pass that comes sooner was woken by something else than its fallback. */
const NEVER_MS = 10 * 60 * 1000;

type Pass = Readonly<{ reason: PassReason; at: number }>;

describe('a loop woken by signals', () => {
  let redis: Redis;
  let signals: LogSignals;
  let running: Array<() => Promise<void>>;

  const connect = async (on: Redis) => {
    const subscriber = on.duplicate();
    running.push(async () => subscriber.disconnect());
    const connected = new LogSignals(on, subscriber, `${uniqueName('signals')}:`);
    await connected.start();
    return connected;
  };
  /** A loop that records its passes; by default it finds no work, renews nothing and waits for ever. */
  const startLoop = (channels: readonly string[], options: Partial<WakeUpLoopOptions> = {}, on = signals) => {
    const passes: Pass[] = [];
    const abort = new AbortController();
    const done = runWakeUpLoop({
      signal: abort.signal,
      doorbell: on.doorbell(channels),
      pass: async (reason) => {
        passes.push({ reason, at: Date.now() });
        return 0;
      },
      whileIdle: async () => false,
      renewEveryMs: NEVER_MS,
      fallbackMs: NEVER_MS,
      retryAfterErrorMs: 1_000,
      onError: (error) => {
        throw error;
      },
      ...options,
    });
    running.push(async () => {
      abort.abort();
      on.wakeAll();
      await done;
    });
    return passes;
  };
  /** Resolves once this process has received a message on `channel` (pub/sub delivers in order on one connection). */
  const delivered = (on: LogSignals, channel: string) => new Promise<void>((resolve) => on.onMessage(channel, () => resolve()));

  beforeEach(async () => {
    redis = connectTestRedis();
    running = [];
    signals = await connect(redis);
  });
  afterEach(async () => {
    for (const stop of running.reverse()) await stop();
    redis.disconnect();
  });

  it('wakes as soon as its channel is signalled, and not for another channel', async () => {
    const passes = startLoop([LOG_GREW]);
    const others = startLoop([COMMIT_ANNOUNCED]);
    await eventually(async () => passes.length === 1 && others.length === 1, 10_000, 'the first passes');

    signals.signal(COMMIT_ANNOUNCED);
    await eventually(async () => others.length === 2, 10_000, 'the other loop to wake');
    expect(passes).toHaveLength(1);

    const sentAt = Date.now();
    signals.signal(LOG_GREW, 'head=1');
    await eventually(async () => passes.length === 2, 10_000, 'the loop to wake on its signal');
    expect(passes[1]!.reason).toBe('signal');
    expect(passes[1]!.at - sentAt).toBeLessThan(5_000);
  });

  it('does not lose a signal that arrives while a pass is running', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const passes: PassReason[] = [];
    startLoop([LOG_GREW], {
      pass: async (reason) => {
        passes.push(reason);
        if (passes.length === 1) await gate;
        return 0;
      },
    });
    await eventually(async () => passes.length === 1, 10_000, 'the first pass');
    const arrived = delivered(signals, LOG_GREW);
    signals.signal(LOG_GREW, 'head=1');
    await arrived;
    release();
    await eventually(async () => passes.length === 2, 10_000, 'a pass for the signal that came during the first');
    expect(passes).toEqual(['start', 'signal']);
  });

  it('finds work that no signal announced once its fallback timeout is over', async () => {
    let work = 0;
    const found: PassReason[] = [];
    startLoop([LOG_GREW], {
      fallbackMs: 1_000,
      pass: async (reason) => {
        if (work === 0) return 0;
        found.push(reason);
        return work--;
      },
    });
    work = 1; // as if its signal was lost
    await eventually(async () => found.length === 1, 20_000, 'the fallback pass');
    expect(found).toEqual(['timeout']);
  });

  it('renews its leases while idle, and loses them while a pass hangs', async () => {
    const { db, close } = await openTestDatabase('wake');
    try {
      const policy = definePolicy(uniqueName('policy'), {});
      const subscriptionDeps = { log: new MongoEventLog(db, testCatalog), deadLetters: new DeadLetters(db, redis), logger: silentLogger, db };
      const mine = policySubscription({ ...subscriptionDeps, leases: new Leases(redis, 'mine', 1_000) }, policy, { batchSize: 10, maxAttempts: 3 });
      const other = policySubscription({ ...subscriptionDeps, leases: new Leases(redis, 'other', 1_000) }, policy, { batchSize: 10, maxAttempts: 3 });
      let hang = false;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let passes = 0;
      startLoop([LOG_GREW], {
        renewEveryMs: 250,
        whileIdle: async () => (await mine.holdLease()) === 'taken',
        pass: async () => {
          passes += 1;
          if (hang) await gate;
          return mine.runOnce();
        },
      });
      await eventually(async () => passes === 1, 10_000, 'the first pass');
      expect(await other.holdLease()).toBe('elsewhere');
      await sleep(3_000); // idle for three lease lifetimes: the premise, not a wait for a result
      expect(await other.holdLease()).toBe('elsewhere');

      hang = true;
      signals.signal(LOG_GREW, 'head=1');
      await eventually(async () => (await other.holdLease()) === 'taken', 20_000, 'the other process to take the lease of the hung one');
      release();
    } finally {
      await close();
    }
  });

  describe('when Redis restarts', () => {
    let server: ManagedProcess;
    let own: Redis;

    beforeEach(async () => {
      server = await startRedisServer({});
      own = new Redis(server.url);
    });
    afterEach(async () => {
      for (const stop of running.splice(0).reverse()) await stop();
      own.disconnect();
      await server.stop();
    });

    it('wakes every waiting loop once it has subscribed again, and signals reach it again', async () => {
      const ownSignals = await connect(own);
      const passes = startLoop([LOG_GREW], {}, ownSignals);
      await eventually(async () => passes.length === 1, 10_000, 'the first pass');

      await server.restart();
      await eventually(async () => passes.length === 2, 30_000, 'the loop to wake after the reconnection');
      expect(passes[1]!.reason).toBe('recheck');

      ownSignals.signal(LOG_GREW, 'head=1');
      await eventually(async () => passes.length === 3, 10_000, 'a signal after the reconnection');
      expect(passes[2]!.reason).toBe('signal');
    });
  });
});
