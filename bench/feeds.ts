import { availableParallelism } from 'node:os';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import type { BenchContext } from './context';
import { deliveryStages, type DeliveryStages } from './delivery-stages';
import { profileFeedRequests, type FeedProfile } from './feed-profile';
import { seedSocialNetwork, SEEDED_PASSWORD, type SocialNetwork } from './feeds-seed';
import { getFeed, prepareStores, signIn, startSystemUnderTest, waitForProjections, type Stores, type SystemUnderTest } from './feeds-system';
import { pageKey, startFloorServer, type FloorServer } from './floors';
import { startLoadClients, type DeliveryResult, type HttpRequest, type HttpResult, type LoadClients } from './load-clients';
import { cpuMsOfPid, cpuShare, machineCpu, now, round, sampleCpu, type CpuSources } from './measure';

/** Readers of the feed benchmark (users 1…READERS); user 0 posts in the delivery benchmark, to the first DELIVERY_READERS. */
const READERS = 8;
const DELIVERY_READERS = 4;
const PAGES = [1, 2, 3, 4, 5];
const WARMUP_SECONDS = 3;
export const IDLE_SECONDS = 5;
/** How long the readers may still wait for messages after the last post was answered. */
const DELIVERY_SETTLE_MS = 60_000;

export type RunCpu = Readonly<{
  /** Commands FerretDB answered during the run, by name (all databases: the system's, and other runs' on a shared server). */
  ferretdbCommands: Record<string, number>;
  /** In % of one core over the run: this process (the system, or the floor server), its Redis, FerretDB, the load client. */
  percentOfOneCore: Readonly<{ node: number; redis: number; ferretdb: number; loadClient: number }>;
  machineBusyPercent: number;
  /** Busy CPU of the machine not used by the processes above, in % of all cores. */
  otherPercent: number;
}>;

export type HttpRun = Readonly<{ scenario: string; target: 'system' | 'floor'; result: HttpResult; cpu: RunCpu; nodeCpuMsPerRequest: number }>;

export type DeliveryRun = Readonly<{
  target: 'system' | 'floor';
  ratePerSecond: number;
  result: Omit<DeliveryResult, 'perPost'>;
  cpu: RunCpu;
  stages?: DeliveryStages;
  /** Warnings the system logged during the run, by message. */
  warnings?: Record<string, number>;
}>;

export type FeedsBenchmark = Readonly<{
  network: Omit<SocialNetwork, 'users'>;
  projectionsCaughtUpMs: number;
  readers: number;
  /** The system with no request: its consumers polling and waiting. */
  idle: RunCpu;
  /** Page 1 of the first reader, as served. */
  samplePage: Readonly<{ posts: number; totalPosts: number; bytes: number }>;
  http: HttpRun[];
  profile: FeedProfile;
  delivery: Readonly<{ durationSec: number; runs: DeliveryRun[] }>;
}>;

/** Commands FerretDB answered between two readings of its counters, by name (its own `serverStatus` left out). */
export const difference = (from: Record<string, number>, to: Record<string, number>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(to)
      .map(([name, total]) => [name, total - (from[name] ?? 0)] as const)
      .filter(([name, count]) => count > 0 && !['serverStatus', 'unknown'].includes(name)),
  );

/** Runs `work` and says how much CPU each process took meanwhile, and what FerretDB was asked. */
const withCpu = async <R>({ sources, clients, stores }: Measured, work: () => Promise<R>): Promise<{ result: R; cpu: RunCpu }> => {
  const commandsFrom = await stores.serverCommands();
  const [machineFrom, oursFrom, clientFrom] = [machineCpu(), sampleCpu(sources), cpuMsOfPid(clients.pid)];
  const result = await work();
  const [machineTo, oursTo, clientTo] = [machineCpu(), sampleCpu(sources), cpuMsOfPid(clients.pid)];
  const ferretdbCommands = difference(commandsFrom, await stores.serverCommands());
  const share = cpuShare(oursFrom, oursTo);
  const loadClient = round(((clientTo - clientFrom) / (oursTo.at - oursFrom.at)) * 100, 0);
  const machineBusyPercent = round(((machineTo.busy - machineFrom.busy) / Math.max(1, machineTo.total - machineFrom.total)) * 100, 0);
  const ours = (share.node + share.redis + share.ferretdb + loadClient) / availableParallelism();
  return {
    result,
    cpu: {
      ferretdbCommands,
      percentOfOneCore: { node: share.node, redis: share.redis, ferretdb: share.ferretdb, loadClient },
      machineBusyPercent,
      otherPercent: Math.max(0, round(machineBusyPercent - ours, 0)),
    },
  };
};

const feedRequests = (tokens: readonly string[], pages: readonly number[]): HttpRequest[] =>
  tokens.flatMap((token) => pages.map((page) => ({ method: 'GET' as const, path: `/api/v1/post/all/${page}`, headers: { authorization: `Bearer ${token}` } })));

type Measured = Readonly<{ sources: CpuSources; clients: LoadClients; stores: Stores }>;

type Setup = Measured & Readonly<{ ctx: BenchContext; sut: SystemUnderTest; floor: FloorServer; readerTokens: string[] }>;

/** Every scenario at every concurrency, the floor then the system, the same requests for both. */
const httpRuns = async (setup: Setup): Promise<HttpRun[]> => {
  const { ctx, sut, floor, clients, readerTokens } = setup;
  const { feedSeconds, feedConnections } = ctx.options;
  const scenarios = [
    { scenario: 'page 1', requests: feedRequests(readerTokens, [1]) },
    { scenario: 'pages 1-5', requests: feedRequests(readerTokens, PAGES) },
  ];
  for (const target of [floor.baseUrl, sut.baseUrl])
    await clients.http({ url: target, connections: 10, durationSec: WARMUP_SECONDS, requests: scenarios[0]!.requests });
  const runs: HttpRun[] = [];
  const run = async (scenario: string, target: HttpRun['target'], url: string, connections: number, requests: HttpRequest[]) => {
    const { result, cpu } = await withCpu(setup, () => clients.http({ url, connections, durationSec: feedSeconds, requests }));
    runs.push({
      scenario,
      target,
      result,
      cpu,
      nodeCpuMsPerRequest: round(((cpu.percentOfOneCore.node / 100) * result.durationSec * 1000) / result.requests, 3),
    });
    ctx.log(
      `   ${scenario}, ${target}, c=${connections}: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms, non-2xx ${result.non2xx}`,
    );
  };
  for (const { scenario, requests } of scenarios)
    for (const connections of feedConnections) {
      await run(scenario, 'floor', floor.baseUrl, connections, requests);
      await run(scenario, 'system', sut.baseUrl, connections, requests);
    }
  for (const connections of feedConnections)
    await run('GET /health (middleware only)', 'system', sut.baseUrl, connections, [{ method: 'GET', path: '/health', headers: {} }]);
  return runs;
};

/** At each rate, the floor then the system; the system's projections are at the head of the log before each run. */
const deliveryRuns = async (setup: Setup, posterToken: string): Promise<DeliveryRun[]> => {
  const { ctx, sut, floor, clients, readerTokens } = setup;
  const { deliveryRates, deliverySeconds } = ctx.options;
  const runs: DeliveryRun[] = [];
  for (const ratePerSecond of deliveryRates)
    for (const [target, baseUrl] of [
      ['floor', floor.baseUrl],
      ['system', sut.baseUrl],
    ] as const) {
      await waitForProjections(sut, 10 * 60 * 1000);
      const job = { baseUrl, posterToken, readerTokens: readerTokens.slice(0, DELIVERY_READERS), ratePerSecond, durationSec: deliverySeconds };
      const logHead = await findLogHead(sut.db);
      const warningsBefore = new Map(sut.warnings);
      const { result, cpu } = await withCpu(setup, () => clients.delivery({ ...job, settleMs: DELIVERY_SETTLE_MS }));
      const { perPost: _perPost, ...summary } = result;
      const stages = target === 'system' ? await deliveryStages(sut.db, logHead.docNo, result) : undefined;
      const warnings = Object.fromEntries(
        [...sut.warnings].map(([msg, count]) => [msg, count - (warningsBefore.get(msg) ?? 0)]).filter(([, count]) => count !== 0),
      );
      runs.push({ target, ratePerSecond, result: summary, cpu, stages, warnings: target === 'system' ? warnings : undefined });
      const { delivery, missing } = result;
      ctx.log(`   delivery at ${ratePerSecond}/s, ${target}: p50 ${delivery.p50Ms} ms, p99 ${delivery.p99Ms} ms, max ${delivery.maxMs} ms, missing ${missing}`);
    }
  return runs;
};

/**
 * Feed reads over HTTP and post delivery over Socket.IO, on the whole system started on a seeded store, each beside
 * the same contract served by a bare Express and Socket.IO server from memory in the same run (see docs/performance.md).
 */
export const feedsBenchmark = async (ctx: BenchContext): Promise<FeedsBenchmark> => {
  const { options } = ctx;
  if (options.feedUsers < 2 * (READERS + 1)) throw new Error(`--feed-users: at least ${2 * (READERS + 1)}`);
  const database = `${ctx.runId}_feeds`;
  const catalog = eventCatalog();
  const stores: Stores = await prepareStores(ctx.mongoUrl, database);
  let sut: SystemUnderTest | undefined;
  let floor: FloorServer | undefined;
  let clients: LoadClients | undefined;
  try {
    ctx.log(`   seeding ${options.feedUsers} users and ${options.feedPosts} posts`);
    const shape = {
      users: options.feedUsers,
      posts: options.feedPosts,
      readers: READERS,
      readerFollows: 40,
      meanFollows: 10,
      docEvents: options.seedDocEvents,
    };
    const { users, ...network } = await seedSocialNetwork(stores.db, catalog, shape, new Date());
    ctx.log(`   ${network.events} events in ${network.logDocs} log documents (${network.seedMs} ms); starting the system`);
    sut = await startSystemUnderTest(stores, ctx.mongoUrl, database);
    const projectionsCaughtUpMs = await waitForProjections(sut, 10 * 60 * 1000);
    ctx.log(`   projections at the head after ${projectionsCaughtUpMs} ms`);
    const posterToken = await signIn(sut.baseUrl, users[0]!.username, SEEDED_PASSWORD);
    const readerTokens: string[] = [];
    for (const reader of users.slice(1, 1 + READERS)) readerTokens.push(await signIn(sut.baseUrl, reader.username, SEEDED_PASSWORD));

    const pages = new Map<string, unknown>();
    for (const token of readerTokens) for (const page of PAGES) pages.set(pageKey(`Bearer ${token}`, String(page)), await getFeed(sut.baseUrl, token, page));
    const first = pages.get(pageKey(`Bearer ${readerTokens[0]}`, '1')) as Awaited<ReturnType<typeof getFeed>>;
    if (first.posts.length === 0) throw new Error('the first reader sees no post');
    floor = await startFloorServer(pages, first.posts[0]!);
    clients = await startLoadClients();
    const sources: CpuSources = { ferretdbPid: ctx.cpu.ferretdbPid, redisPid: stores.redis.pid, postgres: false };
    const setup: Setup = { ctx, sut, floor, clients, sources, stores, readerTokens };

    const { cpu: idle } = await withCpu(setup, () => new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000)));
    ctx.log(
      `   idle system: node ${idle.percentOfOneCore.node} %, FerretDB ${idle.percentOfOneCore.ferretdb} %, Redis ${idle.percentOfOneCore.redis} % of a core`,
    );
    const http = await httpRuns(setup);
    const started = now();
    const profile = await profileFeedRequests({
      redisUrl: stores.redis.url,
      db: stores.db,
      catalog,
      jwtSecret: sut.system.config.jwtSecret,
      readers: readerTokens.map((token) => ({ token })),
      requests: 1_000,
      readYourWritesTimeoutMs: sut.system.config.readYourWritesTimeoutMs,
    });
    ctx.log(`   profiled ${profile.requests} requests in ${Math.round(now() - started)} ms`);
    const delivery = await deliveryRuns(setup, posterToken);
    return {
      network,
      projectionsCaughtUpMs,
      readers: READERS,
      idle,
      samplePage: { posts: first.posts.length, totalPosts: first.totalPosts, bytes: Buffer.byteLength(JSON.stringify(first)) },
      http,
      profile,
      delivery: { durationSec: options.deliverySeconds, runs: delivery },
    };
  } finally {
    await clients?.stop();
    await floor?.stop();
    await sut?.system.stop();
    await stores.stop();
  }
};
