import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express from 'express';
import pino from 'pino';
import { findFreePort } from '@infrastructure/embedded';
import { Argon2PasswordHasher, OWASP_ARGON2_COSTS } from '@infrastructure/identity/argon2-password-hasher';
import { BcryptPasswordHasher } from '@infrastructure/identity/bcrypt-password-hasher';
import { startSystem } from '@interfaces/processes/start-system';
import type { BenchContext } from './context';
import { prepareStores, systemConfig, type Stores } from './feeds-system';
import { startJobClient, type HttpResult } from './load-clients';
import { latencyOf, now, round, type Latency } from './measure';
import { table } from './report';
import type { BurstJob } from './sign-in-load-client';

const CONNECTIONS = 10;
const WARMUP_USERS = 20;
/** Each user signs in this many times in the sign-in burst: under the limit of 10 tries per name and address in 5 minutes. */
const SIGN_INS_PER_USER = 2;
const HASH_SAMPLES = 20;
/** The earlier hasher's default cost (bcryptjs, on the event loop). */
const EARLIER_BCRYPT_ROUNDS = 10;

type Target = 'system' | 'floor: bare route' | 'floor: argon2id route' | 'floor: bcryptjs route';

export type EventLoopDelay = Readonly<{ p50Ms: number; p99Ms: number; maxMs: number }>;

export type BurstRun = Readonly<{ target: Target; phase: BurstJob['kind']; result: HttpResult; eventLoopDelay: EventLoopDelay }>;

export type SignInBenchmark = Readonly<{
  connections: number;
  users: number;
  argon2Costs: typeof OWASP_ARGON2_COSTS;
  /** One hash or verify at a time, in this process (ms). */
  hashing: Readonly<{ argon2idHash: Latency; argon2idVerify: Latency; bcryptjsHash: Latency; bcryptjsVerify: Latency }>;
  runs: BurstRun[];
}>;

type HashRoute = Readonly<{ hash(plain: string): Promise<string>; verify(plain: string, hash: string): Promise<boolean> }>;

/**
 * The two routes with no system behind them: a bare Express app that parses the JSON body and answers, after hashing
 * the password at sign-up and checking it at sign-in when given a hasher (hashes kept in memory by name).
 */
const startFloor = async (hasher: HashRoute | null): Promise<{ baseUrl: string; stop(): Promise<void> }> => {
  const app = express();
  const hashes = new Map<string, string>();
  type Body = { username: string; password: string };
  app.post('/api/v1/signup', express.json({ limit: '1mb' }), async (request, response) => {
    const { username, password } = request.body as Body;
    if (hasher) hashes.set(username, await hasher.hash(password));
    response.status(201).json({ message: 'User created successfully', token: username });
  });
  app.post('/api/v1/signin', express.json(), async (request, response) => {
    const { username, password } = request.body as Body;
    const hash = hashes.get(username);
    const matches = hasher === null || (hash !== undefined && (await hasher.verify(password, hash)));
    response.status(matches ? 200 : 400).json({ message: matches ? 'User login successfully' : 'Invalid credentials', token: username });
  });
  const server = createServer(app);
  await new Promise<void>((resolveListening) => server.listen(0, '127.0.0.1', resolveListening));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolveClosed) => server.close(resolveClosed));
    },
  };
};

/** The whole system in this process (so that its event loop is the one measured), with production's hashing costs. */
const startSignInSystem = async (stores: Stores, mongoUrl: string, database: string) => {
  const port = await findFreePort();
  // Every sign-up of the burst comes from this machine's address.
  const config = systemConfig(stores, mongoUrl, database, port, { SIGNUP_LIMIT_PER_HOUR: '1000000' });
  const system = await startSystem(config, pino({ level: 'warn' }, pino.destination(2)));
  return { baseUrl: `http://127.0.0.1:${port}`, system };
};

type BurstClient = Readonly<{ run(job: Omit<BurstJob, 'connections'>): Promise<HttpResult>; stop(): Promise<void> }>;

/** bench/sign-in-load-client.ts in a child process (node --import tsx), one burst at a time, each at CONNECTIONS. */
const startBurstClient = async (): Promise<BurstClient> => {
  const client = await startJobClient<BurstJob, HttpResult>('sign-in-load-client.ts');
  return { run: (job) => client.run({ ...job, connections: CONNECTIONS }), stop: () => client.stop() };
};

/** Runs `work` while sampling this process's event-loop delay every 10 ms. */
const withEventLoopDelay = async <R>(work: () => Promise<R>): Promise<{ result: R; eventLoopDelay: EventLoopDelay }> => {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    const ms = (nanoseconds: number) => round(nanoseconds / 1e6, 1);
    return { result, eventLoopDelay: { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) } };
  } finally {
    histogram.disable();
  }
};

const timeEach = async (samples: number, operation: () => Promise<unknown>): Promise<Latency> => {
  const durations: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = now();
    await operation();
    durations.push(now() - started);
  }
  return latencyOf(durations);
};

const measureHashing = async (argon2: Argon2PasswordHasher, bcrypt: BcryptPasswordHasher): Promise<SignInBenchmark['hashing']> => {
  const argon2Hash = await argon2.hash('bench-password-1');
  const bcryptHash = await bcrypt.hash('bench-password-1');
  return {
    argon2idHash: await timeEach(HASH_SAMPLES, () => argon2.hash('bench-password-1')),
    argon2idVerify: await timeEach(HASH_SAMPLES, () => argon2.verify('bench-password-1', argon2Hash)),
    bcryptjsHash: await timeEach(HASH_SAMPLES, () => bcrypt.hash('bench-password-1')),
    bcryptjsVerify: await timeEach(HASH_SAMPLES, () => bcrypt.verify('bench-password-1', bcryptHash)),
  };
};

/** Names the contract accepts (4 to 8 characters), unique within a target's run. */
const usernamesFor = (tag: string, count: number): string[] => Array.from({ length: count }, (_, n) => `${tag}${n.toString(36).padStart(6, '0')}`);

/**
 * A burst of sign-ups, then of sign-ins by the same users, at concurrency 10 over HTTP, against the whole system and
 * beside bare routes (see docs/performance.md), with the event-loop delay of this process, which serves them all.
 */
export const signInBenchmark = async (ctx: BenchContext): Promise<SignInBenchmark> => {
  const users = ctx.options.signInUsers;
  const argon2 = new Argon2PasswordHasher(OWASP_ARGON2_COSTS);
  const bcrypt = new BcryptPasswordHasher(EARLIER_BCRYPT_ROUNDS);
  const hashing = await measureHashing(argon2, bcrypt);
  ctx.log(
    `   one hash / verify: argon2id ${hashing.argon2idHash.p50Ms} / ${hashing.argon2idVerify.p50Ms} ms, bcryptjs ${hashing.bcryptjsHash.p50Ms} / ${hashing.bcryptjsVerify.p50Ms} ms (p50)`,
  );
  const database = `${ctx.runId}_signin`;
  const stores = await prepareStores(ctx.mongoUrl, database);
  const floors: Array<Awaited<ReturnType<typeof startFloor>>> = [];
  let system: Awaited<ReturnType<typeof startSignInSystem>> | undefined;
  let client: BurstClient | undefined;
  try {
    system = await startSignInSystem(stores, ctx.mongoUrl, database);
    const targets: Array<[Target, string]> = [];
    for (const [target, hasher] of [
      ['floor: bare route', null],
      ['floor: bcryptjs route', bcrypt],
      ['floor: argon2id route', argon2],
    ] as const) {
      const floor = await startFloor(hasher);
      floors.push(floor);
      targets.push([target, floor.baseUrl]);
    }
    targets.push(['system', system.baseUrl]);
    client = await startBurstClient();
    const runs: BurstRun[] = [];
    for (const [index, [target, url]] of targets.entries()) {
      const warmup = usernamesFor(`w${index}`, WARMUP_USERS);
      await client.run({ kind: 'sign-up', url, usernames: warmup });
      await client.run({ kind: 'sign-in', url, usernames: warmup });
      const names = usernamesFor(`u${index}`, users);
      const signInNames = Array.from({ length: SIGN_INS_PER_USER }, () => names).flat();
      for (const [phase, usernames] of [
        ['sign-up', names],
        ['sign-in', signInNames],
      ] as const) {
        const { result, eventLoopDelay } = await withEventLoopDelay(() => client!.run({ kind: phase, url, usernames }));
        runs.push({ target, phase, result, eventLoopDelay });
        ctx.log(
          `   ${phase}, ${target}: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms, non-2xx ${result.non2xx}, event loop p99 ${eventLoopDelay.p99Ms} ms (max ${eventLoopDelay.maxMs})`,
        );
      }
    }
    return { connections: CONNECTIONS, users, argon2Costs: OWASP_ARGON2_COSTS, hashing, runs };
  } finally {
    await client?.stop();
    for (const floor of floors) await floor.stop();
    await system?.system.stop();
    await stores.stop();
  }
};

export const signInTables = (bench: SignInBenchmark): string => {
  const { argon2idHash, argon2idVerify, bcryptjsHash, bcryptjsVerify } = bench.hashing;
  const hashing = table([
    ['one at a time (ms)', 'hash p50 / p99', 'verify p50 / p99'],
    [
      `argon2id m=${bench.argon2Costs.memoryKib} KiB, t=${bench.argon2Costs.passes}, p=1`,
      `${argon2idHash.p50Ms} / ${argon2idHash.p99Ms}`,
      `${argon2idVerify.p50Ms} / ${argon2idVerify.p99Ms}`,
    ],
    [`bcryptjs cost ${EARLIER_BCRYPT_ROUNDS} (earlier)`, `${bcryptjsHash.p50Ms} / ${bcryptjsHash.p99Ms}`, `${bcryptjsVerify.p50Ms} / ${bcryptjsVerify.p99Ms}`],
  ]);
  const bursts = table([
    ['target', 'burst', 'requests', 'per s', 'p50 / p99 ms', 'non-2xx + errors', 'event loop delay p50 / p99 / max ms'],
    ...bench.runs.map((run) => [
      run.target,
      run.phase,
      run.result.requests,
      run.result.perSecond,
      `${run.result.latency.p50Ms} / ${run.result.latency.p99Ms}`,
      run.result.non2xx + run.result.errors + run.result.timeouts,
      `${run.eventLoopDelay.p50Ms} / ${run.eventLoopDelay.p99Ms} / ${run.eventLoopDelay.maxMs}`,
    ]),
  ]);
  return `${hashing}\n\n${bursts}`;
};
