import { execFileSync } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { rawInserts, type RawInsertRun } from './appends';
import type { ApiNode } from './chat-system';
import type { BenchContext } from './context';
import { difference } from './feeds';
import { SEEDED_PASSWORD } from './feeds-seed';
import { getFeed, prepareStores, signIn, waitForProjections, type Stores } from './feeds-system';
import { pageKey, startFloorServer } from './floors';
import { startJobClient } from './load-clients';
import { now, runConcurrently } from './measure';
import type { FloorJob, LoadResult, MixedJob } from './mixed-load-client';
import { membersNeeded, plansOf, runSizes, withCpu, type MixedClient, type RunCpu } from './mixed-runs';
import { decideMixedStore, type MixedStore } from './mixed-seed';
import { checkOut, repoRoot, startCheckoutSystem } from './mixed-system';

const WARMUP_CONNECTIONS = 10;
const WARMUP_SECONDS = 5;
const PROJECTIONS_TIMEOUT_MS = 20 * 60 * 1000;
/**
 * Sign-ins at a time when every member signs in once before the runs: the seeded hashes are bcrypt, which the current
 * code replaces with argon2id at a first sign-in; that one-off cost stays out of the runs.
 */
const PRIME_CONCURRENCY = 4;
/** Members of the warm-up whose feed pages the floor serves. */
const FLOOR_READERS = 8;
const SHAPE = { networkUsers: 1_000, networkPosts: 10_000, memberFollows: 30, conversationMessages: 20 };

export type MixedRun = Readonly<{
  connections: number;
  result: LoadResult;
  cpu: RunCpu;
  /** Commands FerretDB answered during the run, by name (only the system under test uses it then). */
  ferretdbCommands?: Record<string, number>;
}>;

export type MixedTarget = Readonly<{
  label: 'before' | 'after';
  /** The commit checked out (before), or HEAD of the working tree and its files under src/ that differ from it (after). */
  commit: string;
  uncommittedInSrc: string[];
  /** Log documents of the seeded store (the same documents for both targets). */
  logDocs: number;
  projectionsCaughtUpMs: number;
  /** Every member signed in once, PRIME_CONCURRENCY at a time. */
  primeMs: number;
  runs: MixedRun[];
  /** What the system logged below the error level over its whole life, by message. */
  warnings: Record<string, number>;
}>;

export type MixedBenchmark = Readonly<{
  store: Omit<MixedStore, 'members' | 'network' | 'write'> & Readonly<{ members: number }>;
  durationSec: number;
  targets: MixedTarget[];
  floors: Readonly<{ bareRoute: MixedRun[]; rawInserts: RawInsertRun[] }>;
}>;

type Target = Readonly<{ label: MixedTarget['label']; cwd: string; commit: string; uncommittedInSrc: string[] }>;

const workingTree = (): Target => {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  return {
    label: 'after',
    cwd: repoRoot,
    commit: git('rev-parse', 'HEAD'),
    uncommittedInSrc: git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean),
  };
};

type Measured = Readonly<{ ctx: BenchContext; store: MixedStore; client: MixedClient; sizes: number[] }>;

/** Feed pages of a few members, as the current system answered them, for the floor to serve; and their tokens. */
type FloorPages = Readonly<{ pages: Map<string, unknown>; tokens: string[] }>;

/** `work`, or an error as soon as the system's process exits (a crash would otherwise leave the bench waiting). */
const whileRunning = <R>(system: ApiNode, label: string, work: Promise<R>): Promise<R> =>
  Promise.race([
    work,
    system.exited.then(() => {
      throw new Error(`the ${label} system exited`);
    }),
  ]);

/** Every member signs in once (a session is kept out of the runs' limits), PRIME_CONCURRENCY at a time; their tokens. */
const signInMembers = async (baseUrl: string, store: MixedStore): Promise<string[]> => {
  const tokens = new Array<string>(store.members.length);
  await runConcurrently(store.members.length, PRIME_CONCURRENCY, async (index) => {
    tokens[index] = await signIn(baseUrl, store.members[index]!.username, SEEDED_PASSWORD);
  });
  return tokens;
};

/** The seeded store in a database of its own, the target's system on it, the warm-up and one run per concurrency. */
const measureTarget = async (measured: Measured, target: Target, floor: FloorPages): Promise<MixedTarget> => {
  const { ctx, store, client, sizes } = measured;
  const database = `${ctx.runId}_mixed_${target.label}`;
  const stores: Stores = await prepareStores(ctx.mongoUrl, database);
  let system: ApiNode | undefined;
  try {
    const logDocs = await store.write(stores.db, ctx.options.seedDocEvents);
    system = await startCheckoutSystem({ cwd: target.cwd, label: target.label, stores, mongoUrl: ctx.mongoUrl, database });
    const { baseUrl, pid } = system;
    const alive = <R>(work: Promise<R>) => whileRunning(system!, target.label, work);
    const settled = () => alive(waitForProjections(stores, PROJECTIONS_TIMEOUT_MS));
    const projectionsCaughtUpMs = await settled();
    ctx.log(`   ${target.label}: projections at the head after ${projectionsCaughtUpMs} ms; every member signs in once`);
    const primeStarted = now();
    const tokens = await alive(signInMembers(baseUrl, store));
    const primeMs = Math.round(now() - primeStarted);
    const mixed = (index: number, durationSec: number): MixedJob => ({ kind: 'mixed', baseUrl, durationSec, vus: plansOf(store, sizes, index) });
    await alive(client.run(mixed(0, WARMUP_SECONDS)));
    const runs: MixedRun[] = [];
    for (let index = 1; index < sizes.length; index++) {
      await settled();
      const pids = { system: pid, ferretdb: ctx.cpu.ferretdbPid, redis: stores.redis.pid, loadClient: client.pid, bench: process.pid };
      const commandsFrom = await stores.serverCommands();
      const { result, cpu } = await withCpu(pids, () => alive(client.run(mixed(index, ctx.options.mixedSeconds))));
      runs.push({ connections: sizes[index]!, result, cpu, ferretdbCommands: difference(commandsFrom, await stores.serverCommands()) });
      const { total } = result;
      ctx.log(
        `   ${target.label}, c=${sizes[index]}: ${total.perSecond}/s, p50 ${total.latency.p50Ms} ms, p99 ${total.latency.p99Ms} ms, other CPU ${cpu.otherPercent} %`,
      );
    }
    if (target.label === 'after')
      for (const token of tokens.slice(0, FLOOR_READERS)) {
        floor.pages.set(pageKey(`Bearer ${token}`, '1'), await getFeed(baseUrl, token, 1));
        floor.tokens.push(token);
      }
    const { uncommittedInSrc, commit, label } = target;
    return { label, commit, uncommittedInSrc, logDocs, projectionsCaughtUpMs, primeMs, runs, warnings: Object.fromEntries(system.warnings) };
  } finally {
    await system?.stop();
    await stores.stop();
  }
};

/** The floors, with no system running: the feed route of a bare Express app (pages captured from the system), and raw inserts. */
const measureFloors = async (measured: Measured, { pages, tokens }: FloorPages): Promise<MixedBenchmark['floors']> => {
  const { ctx, client } = measured;
  const first = pages.values().next().value as { posts: Array<Record<string, unknown>> };
  const floor = await startFloorServer(pages, first.posts[0]!);
  const bareRoute: MixedRun[] = [];
  try {
    const requests = tokens.map((token) => ({ path: '/post/all/1', token }));
    const job = (connections: number, durationSec: number): FloorJob => ({ kind: 'floor', baseUrl: floor.baseUrl, durationSec, connections, requests });
    await client.run(job(WARMUP_CONNECTIONS, WARMUP_SECONDS));
    for (const connections of ctx.options.mixedConnections) {
      const pids = { server: process.pid, loadClient: client.pid };
      const { result, cpu } = await withCpu(pids, () => client.run(job(connections, ctx.options.mixedSeconds)));
      bareRoute.push({ connections, result, cpu });
      ctx.log(
        `   floor, bare route, c=${connections}: ${result.total.perSecond}/s, p50 ${result.total.latency.p50Ms} ms, p99 ${result.total.latency.p99Ms} ms`,
      );
    }
  } finally {
    await floor.stop();
  }
  const mongo = await MongoClient.connect(ctx.mongoUrl);
  const db = mongo.db(`${ctx.runId}_mixed_raw`);
  try {
    return { bareRoute, rawInserts: await rawInserts(ctx, db, ctx.options.mixedConnections) };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
};

/**
 * The client's mix of reads and writes over HTTP (bench/mixed-workload.ts), from closed-loop virtual users, against
 * the system of `--before` (a git worktree) and then of the working tree, one after the other, each on the same
 * seeded documents in a database and a Redis of its own; then the floors (see docs/performance.md).
 */
export const mixedBenchmark = async (ctx: BenchContext): Promise<MixedBenchmark> => {
  const sizes = runSizes(WARMUP_CONNECTIONS, ctx.options.mixedConnections);
  const store = await decideMixedStore(eventCatalog(), { ...SHAPE, members: membersNeeded(sizes) }, new Date());
  ctx.log(`   ${store.events} events decided: ${SHAPE.networkUsers} users, ${SHAPE.networkPosts} posts, ${store.members.length} members`);
  const before = await checkOut(ctx.options.before, 'before', ctx.log);
  let client: MixedClient | undefined;
  try {
    client = await startJobClient<MixedJob | FloorJob, LoadResult>('mixed-load-client.ts');
    const measured: Measured = { ctx, store, client, sizes };
    const floorPages: FloorPages = { pages: new Map(), tokens: [] };
    const targets = [
      await measureTarget(measured, { label: 'before', cwd: before.dir, commit: before.commit, uncommittedInSrc: [] }, floorPages),
      await measureTarget(measured, workingTree(), floorPages),
    ];
    const floors = await measureFloors(measured, floorPages);
    const { members: _members, network: _network, write: _write, ...figures } = store;
    return { store: { ...figures, members: store.members.length }, durationSec: ctx.options.mixedSeconds, targets, floors };
  } finally {
    await client?.stop();
    await before.remove();
  }
};
