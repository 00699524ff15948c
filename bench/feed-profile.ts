import { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { authenticate } from '@application/identity/authenticate';
import type { EventCatalog } from '@application/shared/event-catalog';
import { getFeedPage } from '@application/posts/feeds.query';
import { RedisWriteTracker } from '@infrastructure/consistency/redis-write-tracker';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { JwtSessionTokens } from '@infrastructure/identity/jwt-session-tokens';
import { RedisReadModels } from '@infrastructure/projections/redis-read-models';
import { RedisListAnchors } from '@infrastructure/redis/redis-list-anchors';
import { latencyOf, now, round, type Latency } from './measure';

/** One Redis round trip: a command, or a pipeline of several. */
type Call = Readonly<{ label: string; commands: number; names: readonly string[]; start: number; end: number }>;

/** The read commands the read models, the write tracker and the list anchors send. */
const TRACED = new Set([
  'get',
  'set',
  'hget',
  'hgetall',
  'smembers',
  'sismember',
  'scard',
  'zrange',
  'zrevrange',
  'zrangebyscore',
  'zrevrangebyscore',
  'zcard',
]);

type AnyFunction = (...args: unknown[]) => unknown;

/** A pipeline that notes the commands queued on it and times its `exec` as one round trip. */
const tracedPipeline = (pipeline: object, calls: Call[]): object => {
  const names: string[] = [];
  const proxy: object = new Proxy(pipeline, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (property === 'exec')
        return async () => {
          const start = now();
          try {
            return await (value as AnyFunction).apply(target, []);
          } finally {
            calls.push({ label: `pipeline of ${[...new Set(names)].join('+')}`, commands: names.length, names, start, end: now() });
          }
        };
      return (...args: unknown[]) => {
        names.push(property);
        (value as AnyFunction).apply(target, args);
        return proxy;
      };
    },
  });
  return proxy;
};

/** The client as the system's adapters use it, with each read command and pipeline timed. */
const tracedRedis = (redis: Redis, calls: Call[]): Redis =>
  new Proxy(redis, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (property === 'pipeline') return () => tracedPipeline(target.pipeline(), calls);
      if (!TRACED.has(property)) return (value as AnyFunction).bind(target);
      return async (...args: unknown[]) => {
        const start = now();
        try {
          return await (value as AnyFunction).apply(target, args);
        } finally {
          calls.push({ label: property, commands: 1, names: [property], start, end: now() });
        }
      };
    },
  });

const perRequest = (counts: Record<string, number>, requests: number): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([label, count]) => [label, round(count / Math.max(1, requests), 1)]));

type Mark = Readonly<{ at: number; cpuMs: number }>;

const mark = (): Mark => {
  const cpu = process.cpuUsage();
  return { at: now(), cpuMs: (cpu.user + cpu.system) / 1000 };
};

/** Round trips that overlap in time count once: how many a request waits for one after the other. */
const serialDepth = (calls: readonly Call[]): number => {
  let depth = 0;
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    if (call.start >= busyUntil) depth++;
    busyUntil = Math.max(busyUntil, call.end);
  }
  return depth;
};

/** `cpuMs`: this process's CPU during the stage, its background work included (mean). */
export type StageProfile = Readonly<{ stage: string; ms: Latency; cpuMs: number; roundTrips: number; serialRoundTrips: number; commands: number }>;

export type FeedProfile = Readonly<{
  requests: number;
  /** PING through the same client, one at a time: the cost of one round trip. */
  redisPing: Latency;
  stages: StageProfile[];
  /** CPU of one `sessionTokens.verify` (jsonwebtoken), part of authentication. */
  tokenVerifyCpuMs: number;
  /** CPU of this whole process (the system's background work included) per profiled request, and the wall time per request. */
  cpuMsPerRequest: number;
  wallMsPerRequest: number;
  /** Round trips of one page-1 request, by command (a pipeline counts once), averaged. */
  page1RoundTrips: Record<string, number>;
  /** Commands of one page-1 request, pipelined ones included, by name, averaged. */
  page1Commands: Record<string, number>;
}>;

export type FeedProfileInput = Readonly<{
  redisUrl: string;
  db: Db;
  catalog: EventCatalog;
  jwtSecret: string;
  readers: ReadonlyArray<{ token: string }>;
  requests: number;
  readYourWritesTimeoutMs: number;
}>;

/**
 * What a feed request does after Express has parsed it, one request at a time, through the system's own adapters on
 * the system's Redis: authentication, the read-your-writes wait and the query, each timed with its Redis round trips.
 * Readers read pages 1 to 5 in order, as the client pages down.
 */
export const profileFeedRequests = async (input: FeedProfileInput): Promise<FeedProfile> => {
  const redis = new Redis(input.redisUrl);
  try {
    const calls: Call[] = [];
    const traced = tracedRedis(redis, calls);
    const readModels = new RedisReadModels(traced);
    const writeTracker = new RedisWriteTracker(traced, readModels);
    const listAnchors = new RedisListAnchors(traced);
    const identity = { sessionTokens: new JwtSessionTokens(input.jwtSecret), readModels, store: new MongoEventStore(input.db, input.catalog) };

    const verifyFrom = process.cpuUsage();
    for (let i = 0; i < 2_000; i++) identity.sessionTokens.verify(input.readers[i % input.readers.length]!.token);
    const verifyCpu = process.cpuUsage(verifyFrom);

    const pings: number[] = [];
    for (let i = 0; i < 500; i++) {
      const start = now();
      await redis.ping();
      pings.push(now() - start);
    }

    const samples = new Map<string, { ms: number[]; cpuMs: number; roundTrips: number; serial: number; commands: number }>();
    const note = (stage: string, [from, to]: readonly [Mark, Mark], stageCalls: readonly Call[]) => {
      const entry = samples.get(stage) ?? { ms: [], cpuMs: 0, roundTrips: 0, serial: 0, commands: 0 };
      entry.ms.push(to.at - from.at);
      entry.cpuMs += to.cpuMs - from.cpuMs;
      entry.roundTrips += stageCalls.length;
      entry.serial += serialDepth(stageCalls);
      entry.commands += stageCalls.reduce((total, call) => total + call.commands, 0);
      samples.set(stage, entry);
    };
    const page1RoundTrips: Record<string, number> = {};
    const page1Commands: Record<string, number> = {};
    let page1Requests = 0;
    const [cpuFrom, wallFrom] = [process.cpuUsage(), now()];
    for (let i = 0; i < input.requests; i++) {
      const reader = input.readers[i % input.readers.length]!;
      const page = 1 + (Math.floor(i / input.readers.length) % 5);
      const pages = page === 1 ? 'page 1' : 'pages 2-5';
      calls.length = 0;
      const t0 = mark();
      const actor = await authenticate(identity, reader.token);
      if (!actor) throw new Error('a reader token was refused');
      const t1 = mark();
      const authCalls = calls.splice(0);
      await writeTracker.waitForOwnWrites(actor.userId, getFeedPage.reads, input.readYourWritesTimeoutMs);
      const t2 = mark();
      const waitCalls = calls.splice(0);
      const result = await getFeedPage.run(readModels, { viewerId: actor.userId, feed: 'all', page, listAnchors });
      const t3 = mark();
      const queryCalls = calls.splice(0);
      JSON.stringify({ message: 'All posts', ...result });
      const t4 = mark();
      note('authenticate (session checks)', [t0, t1], authCalls);
      note('read-your-writes wait', [t1, t2], waitCalls);
      note(`feed query, ${pages}`, [t2, t3], queryCalls);
      note('JSON of the page', [t3, t4], []);
      note(`all of the above, ${pages}`, [t0, t4], [...authCalls, ...waitCalls, ...queryCalls]);
      if (page === 1) {
        page1Requests++;
        for (const call of [...authCalls, ...waitCalls, ...queryCalls]) {
          page1RoundTrips[call.label] = (page1RoundTrips[call.label] ?? 0) + 1;
          for (const name of call.names) page1Commands[name] = (page1Commands[name] ?? 0) + 1;
        }
      }
    }
    const cpu = process.cpuUsage(cpuFrom);
    const wallMsPerRequest = round((now() - wallFrom) / input.requests, 3);
    const stages = [...samples.entries()].map(([stage, entry]) => ({
      stage,
      ms: latencyOf(entry.ms),
      cpuMs: round(entry.cpuMs / entry.ms.length, 3),
      roundTrips: round(entry.roundTrips / entry.ms.length, 1),
      serialRoundTrips: round(entry.serial / entry.ms.length, 1),
      commands: round(entry.commands / entry.ms.length, 1),
    }));
    return {
      requests: input.requests,
      redisPing: latencyOf(pings),
      stages,
      tokenVerifyCpuMs: round((verifyCpu.user + verifyCpu.system) / 1000 / 2_000, 3),
      cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / input.requests, 3),
      wallMsPerRequest,
      page1RoundTrips: perRequest(page1RoundTrips, page1Requests),
      page1Commands: perRequest(page1Commands, page1Requests),
    };
  } finally {
    redis.disconnect();
  }
};
