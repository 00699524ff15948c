import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { findFreePort } from '@infrastructure/embedded';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { realtimeProjectionKeys } from '@infrastructure/realtime/realtime-keys';
import { contexts, eventCatalog } from '@interfaces/contexts/catalog';
import { stopChild } from './chat-system';
import type { BenchContext } from './context';
import { seedSocialNetwork, SEEDED_PASSWORD, type SeededUser } from './feeds-seed';
import { getFeed, prepareStores, signIn, type Stores } from './feeds-system';
import { connectSocket } from './load-helpers';
import { cpuMsOfPid, machineCpu, now, round } from './measure';

/** The processes of each deployment measured: the whole system in one process (`npm start`), then api and worker roles apart. */
const LAYOUTS = [['all'], ['api', 'worker', 'worker']] as const;
type Role = (typeof LAYOUTS)[number][number];
/** Signed-in users who write through the routes before the idle window, and whose sockets stay open during it. */
const ACTIVE_USERS = 4;
const CATCH_UP_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * After everything is caught up: delayed jobs, retired generations and socket arrivals have settled, and V8's memory
 * reducer has run the few full collections it runs once a process goes quiet.
 */
const SETTLE_MS = 30_000;

export type IdleRun = Readonly<{
  layout: string;
  seconds: number;
  /** In % of one core over the idle window, per process, and their total. */
  percentOfOneCore: Readonly<Record<string, number>>;
  totalPercentOfOneCore: number;
  machineBusyPercent: number;
  /** Busy CPU of the machine not used by the processes above, in % of all cores (other work on the machine). */
  otherPercent: number;
  /** Commands per second during the window, by name. */
  ferretdbCommandsPerSecond: Record<string, number>;
  redisCommandsPerSecond: Record<string, number>;
  /** Warnings logged by the system's processes from their start to the end of the window, by message. */
  warnings: Record<string, number>;
}>;

export type IdleBenchmark = Readonly<{
  events: number;
  /** FerretDB and Redis with no client of the system, over a window of the same length. */
  serversAlone: IdleRun;
  runs: IdleRun[];
}>;

type NodeProcess = Readonly<{ role: Role; pid: number; baseUrl: string; warnings: Map<string, number>; stop(): Promise<void> }>;

const repoRoot = resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** The real entry point (`src/interfaces/main.ts`) in a child process, with the given role, on the shared stores. */
const startNode = async (role: Role, index: number, shared: Record<string, string>, stores: Stores): Promise<NodeProcess> => {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ...shared, ROLE: role, PORT: String(port), PUBLIC_URL: baseUrl, DATA_DIR: join(stores.dataDir, `node-${index}`) };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/interfaces/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const warnings = new Map<string, number>();
  let started = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const entry = JSON.parse(line) as { level: number; msg?: string };
    if (entry.msg === 'worker role started' || entry.msg === 'api role listening') started = true;
    if (entry.level >= 50) process.stderr.write(`${role} node: ${line}\n`);
    else if (entry.level === 40) warnings.set(entry.msg ?? '', (warnings.get(entry.msg ?? '') ?? 0) + 1);
  });
  for (const deadline = now() + 120_000; !started; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`the ${role} node exited with code ${child.exitCode}`);
    if (now() > deadline) throw new Error(`the ${role} node did not start within 120 s`);
  }
  const stop = () => stopChild(child, exited);
  return { role, pid: child.pid!, baseUrl, warnings, stop };
};

const redisCommandCalls = async (redis: Redis): Promise<Record<string, number>> => {
  const calls: Record<string, number> = {};
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_(\S+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
};

/** BullMQ jobs still to run: waiting, active, delayed or prioritized, in any queue. */
const pendingJobs = async (redis: Redis): Promise<number> => {
  let pending = 0;
  for (const meta of await redis.keys('bull:*:meta')) {
    const queue = meta.slice('bull:'.length, -':meta'.length);
    const [waiting, active, delayed, prioritized] = await Promise.all([
      redis.llen(`bull:${queue}:wait`),
      redis.llen(`bull:${queue}:active`),
      redis.zcard(`bull:${queue}:delayed`),
      redis.zcard(`bull:${queue}:prioritized`),
    ]);
    pending += waiting + active + delayed + prioritized;
  }
  return pending;
};

/** Every projection, policy and the realtime consumer at the head of the log, and no job left to run. */
const waitUntilCaughtUp = async (stores: Stores, redis: Redis): Promise<number> => {
  const started = now();
  const registry = new GenerationRegistry(redis);
  const projectionAt = async (name: string) => {
    const active = await registry.active(name);
    return active === null || (await registry.isRecovering(name)) ? 0 : registry.checkpoint(name, active);
  };
  for (;;) {
    const head = (await findLogHead(stores.db)).lastPos;
    const projections = await Promise.all(contexts.projections.map((projection) => projectionAt(projection.name)));
    const policies = await stores.db.collection<{ position: number }>('policy_checkpoints').find().toArray();
    const realtime = Number((await redis.get(realtimeProjectionKeys('realtime').checkpoint)) ?? head);
    const caughtUp = [...projections, ...policies.map((policy) => policy.position), realtime].every((position) => position >= head);
    if (caughtUp && (await pendingJobs(redis)) === 0) return Math.round(now() - started);
    if (now() - started > CATCH_UP_TIMEOUT_MS) throw new Error(`not caught up with the log head (${head}) after ${CATCH_UP_TIMEOUT_MS} ms`);
    await sleep(250);
  }
};

const post = async (baseUrl: string, token: string, path: string, body: unknown, method = 'POST'): Promise<Record<string, unknown>> => {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
};

/** The id of the post with this text on the caller's first feed page, once the feed shows it (a busy machine can lag). */
const postIdOf = async (baseUrl: string, token: string, text: string): Promise<string> => {
  for (const deadline = now() + 60_000; ; await sleep(250)) {
    const { posts } = await getFeed(baseUrl, token, 1);
    const id = posts.find((shown) => shown.post === text)?._id;
    if (typeof id === 'string') return id;
    if (now() > deadline) throw new Error(`no post "${text}" on page 1 within 60 s: ${JSON.stringify(posts.map((shown) => shown.post))}`);
  }
};

/** Each active user posts, follows, comments, reacts and writes to the next one: every kind of consumer and a few jobs have work. */
const writeThroughRoutes = async (baseUrl: string, users: readonly SeededUser[], tokens: readonly string[]): Promise<void> => {
  for (const [i, token] of tokens.entries())
    await post(baseUrl, token, '/post', { post: `idle bench ${i}`, bgColor: '#ffffff', privacy: 'Public', feelings: '', gifUrl: '' });
  for (const [i, token] of tokens.entries()) {
    const next = users[(i + 1) % users.length]!;
    await post(baseUrl, token, `/user/follow/${next.userId}`, {}, 'PUT');
    const postId = await postIdOf(baseUrl, token, `idle bench ${(i + 1) % users.length}`);
    await post(baseUrl, token, '/post/comment', { userTo: next.userId, postId, comment: `comment ${i}` });
    await post(baseUrl, token, '/post/reaction', { userTo: next.userId, postId, type: 'love' });
    const message = { receiverId: next.userId, receiverUsername: next.username, receiverAvatarColor: '#2196f3', receiverProfilePicture: '', body: `hi ${i}` };
    await post(baseUrl, token, '/chat/message', message);
  }
};

type Sampled = Readonly<{
  at: number;
  machine: ReturnType<typeof machineCpu>;
  cpu: Record<string, number>;
  redis: Record<string, number>;
  ferretdb: Record<string, number>;
}>;

const perSecond = (from: Record<string, number>, to: Record<string, number>, seconds: number, ignored: readonly string[]): Record<string, number> =>
  Object.fromEntries(
    Object.entries(to)
      .map(([name, total]) => [name, round((total - (from[name] ?? 0)) / seconds, 2)] as const)
      .filter(([name, rate]) => rate > 0 && !ignored.includes(name))
      .sort(([, a], [, b]) => b - a),
  );

/** CPU of each process, and the commands the servers answered, over `seconds` of nothing asked of the system. */
const measureWindow = async (layout: string, pids: Record<string, number | undefined>, stores: Stores, redis: Redis, seconds: number): Promise<IdleRun> => {
  const sample = async (): Promise<Sampled> => ({
    at: now(),
    machine: machineCpu(),
    cpu: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? cpuMsOfPid(pid) : 0])),
    redis: await redisCommandCalls(redis),
    ferretdb: await stores.serverCommands(),
  });
  const from = await sample();
  await sleep(seconds * 1000);
  const to = await sample();
  const wallMs = to.at - from.at;
  const percentOfOneCore = Object.fromEntries(Object.keys(pids).map((name) => [name, round(((to.cpu[name]! - from.cpu[name]!) / wallMs) * 100, 2)]));
  const total = round(
    Object.values(percentOfOneCore).reduce((sum, value) => sum + value, 0),
    2,
  );
  const machineBusyPercent = round(((to.machine.busy - from.machine.busy) / Math.max(1, to.machine.total - from.machine.total)) * 100, 1);
  const cores = availableParallelism();
  return {
    layout,
    seconds: round(wallMs / 1000, 1),
    percentOfOneCore,
    totalPercentOfOneCore: total,
    machineBusyPercent,
    otherPercent: Math.max(0, round(machineBusyPercent - total / cores, 1)),
    ferretdbCommandsPerSecond: perSecond(from.ferretdb, to.ferretdb, wallMs / 1000, ['serverStatus', 'unknown']),
    redisCommandsPerSecond: perSecond(from.redis, to.redis, wallMs / 1000, ['info']),
    warnings: {},
  };
};

/**
 * The whole system with data and no traffic: seeded, written to through its routes, caught up, and then left alone
 * with signed-in sockets open, while the CPU of every process involved is measured (see docs/performance.md, Idle).
 */
export const idleBenchmark = async (ctx: BenchContext): Promise<IdleBenchmark> => {
  const seconds = ctx.options.idleSeconds;
  const database = `${ctx.runId}_idle`;
  const stores = await prepareStores(ctx.mongoUrl, database);
  const redis = new Redis(stores.redis.url);
  const servers = { FerretDB: ctx.cpu.ferretdbPid, Redis: stores.redis.pid };
  try {
    ctx.log(`   FerretDB and Redis alone for ${seconds} s`);
    const serversAlone = await measureWindow('FerretDB and Redis alone', servers, stores, redis, seconds);
    const shape = { users: 200, posts: 2_000, readers: ACTIVE_USERS, readerFollows: 20, meanFollows: 5, docEvents: ctx.options.seedDocEvents };
    const { users, events } = await seedSocialNetwork(stores.db, eventCatalog(), shape, new Date());
    const shared = {
      NODE_ENV: 'production',
      MONGO_URL: ctx.mongoUrl,
      MONGO_DB: database,
      REDIS_URL: stores.redis.url,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      RESET_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'info',
      CHAT_UNREAD_EMAIL_DELAY_MS: '1000',
    };
    const runs: IdleRun[] = [];
    for (const [n, layout] of LAYOUTS.entries()) {
      const name = layout.join(' + ');
      ctx.log(`   ${name}: starting on ${events} seeded events`);
      const nodes: NodeProcess[] = [];
      let sockets: Socket[] = [];
      try {
        for (const role of layout) nodes.push(await startNode(role, nodes.length, shared, stores));
        ctx.log(`   caught up after ${await waitUntilCaughtUp(stores, redis)} ms`);
        const api = nodes.find((node) => node.role !== 'worker')!;
        const active = users.slice(1, 1 + ACTIVE_USERS);
        const tokens = await Promise.all(active.map((user) => signIn(api.baseUrl, user.username, SEEDED_PASSWORD)));
        if (n === 0) await writeThroughRoutes(api.baseUrl, active, tokens);
        sockets = await Promise.all(tokens.map((token) => connectSocket(api.baseUrl, token)));
        ctx.log(`   caught up after the writes in ${await waitUntilCaughtUp(stores, redis)} ms; settling ${SETTLE_MS / 1000} s, then idle for ${seconds} s`);
        await sleep(SETTLE_MS);
        const pids = { ...Object.fromEntries(nodes.map((node, i) => [`node ${node.role}${layout.length > 1 ? ` ${i + 1}` : ''}`, node.pid])), ...servers };
        const run = await measureWindow(name, pids, stores, redis, seconds);
        const warnings: Record<string, number> = {};
        for (const node of nodes) for (const [message, count] of node.warnings) warnings[message] = (warnings[message] ?? 0) + count;
        runs.push({ ...run, warnings });
        ctx.log(`   ${name}: ${run.totalPercentOfOneCore} % of one core in total ${JSON.stringify(run.percentOfOneCore)}`);
      } finally {
        for (const socket of sockets) socket.disconnect();
        for (const node of nodes.reverse()) await node.stop();
      }
    }
    return { events, serversAlone, runs };
  } finally {
    redis.disconnect();
    await stores.stop();
  }
};

const top = (rates: Record<string, number>, count: number): string =>
  Object.entries(rates)
    .slice(0, count)
    .map(([name, rate]) => `${name} ${rate}`)
    .join(', ') || 'none';

export const idleTables = (result: IdleBenchmark): string => {
  const lines = [`${result.events} seeded events, ${ACTIVE_USERS} signed-in sockets open, ${result.runs[0]?.seconds ?? 0} s windows`];
  for (const run of [result.serversAlone, ...result.runs]) {
    lines.push(
      '',
      `${run.layout}: ${run.totalPercentOfOneCore} % of one core in total (machine ${run.machineBusyPercent} % busy, other work ${run.otherPercent} % of all cores)`,
      '| process | % of one core |',
      '|---|---|',
      ...Object.entries(run.percentOfOneCore).map(([name, percent]) => `| ${name} | ${percent} |`),
      `FerretDB commands/s: ${top(run.ferretdbCommandsPerSecond, 8)}`,
      `Redis commands/s: ${top(run.redisCommandsPerSecond, 12)}`,
    );
    if (Object.keys(run.warnings).length > 0) lines.push(`warnings: ${JSON.stringify(run.warnings)}`);
  }
  return lines.join('\n');
};
