import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { loadConfig } from '@infrastructure/config/config';
import { findFreePort, startRedisServer, type ManagedProcess } from '@infrastructure/embedded';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { contexts } from '@interfaces/contexts/catalog';
import { startSystem, type RunningSystem } from '@interfaces/processes/start-system';
import { now } from './measure';

export type Stores = Readonly<{
  db: Db;
  redis: ManagedProcess;
  dataDir: string;
  /** Commands the server has answered since it started, by name (FerretDB's serverStatus `metrics.commands`). */
  serverCommands(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}>;

export type SystemUnderTest = Readonly<{
  baseUrl: string;
  system: RunningSystem;
  db: Db;
  redis: ManagedProcess;
  /** How many times the system logged each warning message so far (errors are also printed to stderr). */
  warnings: ReadonlyMap<string, number>;
}>;

/** A pino destination that counts warnings by message and passes errors on to stderr. */
const countingDestination = (warnings: Map<string, number>) => ({
  write: (line: string) => {
    const entry = JSON.parse(line) as { level: number; msg?: string };
    if (entry.level >= 50) process.stderr.write(line);
    else warnings.set(entry.msg ?? '', (warnings.get(entry.msg ?? '') ?? 0) + 1);
  },
});

/**
 * The database the system will use, created before the system so that it can be seeded, and a Redis of its own
 * (empty: every projection builds from the seeded log, every policy and realtime consumer starts at its head).
 */
export const prepareStores = async (mongoUrl: string, database: string): Promise<Stores> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'chatty-bench-feeds-'));
  const redis = await startRedisServer({ dataDir: join(dataDir, 'redis') });
  const mongo = await MongoClient.connect(mongoUrl);
  const db = mongo.db(database);
  const serverCommands = async () => {
    const status = (await mongo.db('admin').command({ serverStatus: 1 })) as { metrics?: { commands?: Record<string, { total: number }> } };
    return Object.fromEntries(Object.entries(status.metrics?.commands ?? {}).map(([name, counts]) => [name, counts.total]));
  };
  return {
    db,
    redis,
    dataDir,
    serverCommands,
    stop: async () => {
      await db.dropDatabase().catch(() => undefined);
      await mongo.close();
      await redis.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** The configuration of a system under test on those stores, as production runs it, with settings of its own on top. */
export const systemConfig = (stores: Stores, mongoUrl: string, database: string, port: number, extra: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MONGO_URL: mongoUrl,
    MONGO_DB: database,
    REDIS_URL: stores.redis.url,
    DATA_DIR: join(stores.dataDir, 'system'),
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ...extra,
  });

/** The whole system (api and worker roles in one process, as `npm start` runs it) on a free port, on those stores. */
export const startSystemUnderTest = async (stores: Stores, mongoUrl: string, database: string): Promise<SystemUnderTest> => {
  const port = await findFreePort();
  const config = systemConfig(stores, mongoUrl, database, port);
  const warnings = new Map<string, number>();
  const system = await startSystem(config, pino({ level: 'warn' }, countingDestination(warnings)));
  return { baseUrl: `http://127.0.0.1:${port}`, system, db: stores.db, redis: stores.redis, warnings };
};

/** Waits until every projection has a live generation at the head of the log; returns how long that took (ms). */
export const waitForProjections = async (sut: Pick<SystemUnderTest, 'db' | 'redis'>, timeoutMs: number): Promise<number> => {
  const started = now();
  const redis = new Redis(sut.redis.url);
  try {
    const registry = new GenerationRegistry(redis);
    const head = (await findLogHead(sut.db)).lastPos;
    const caughtUp = async (name: string) => {
      const active = await registry.active(name);
      return active !== null && (await registry.checkpoint(name, active)) >= head && !(await registry.isRecovering(name));
    };
    for (;;) {
      const states = await Promise.all(contexts.projections.map((projection) => caughtUp(projection.name)));
      if (states.every(Boolean)) return Math.round(now() - started);
      if (now() - started > timeoutMs) throw new Error(`projections not at the log head (${head}) after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    redis.disconnect();
  }
};

/** Signs in over HTTP, as the client does; returns the session token. */
export const signIn = async (baseUrl: string, username: string, password: string): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/v1/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { token?: string; message?: string };
  if (response.status !== 200 || !body.token) throw new Error(`sign-in of ${username}: ${response.status} ${body.message ?? ''}`);
  return body.token;
};

export type FeedPageBody = Readonly<{ message: string; posts: Array<Record<string, unknown>>; totalPosts: number }>;

export const getFeed = async (baseUrl: string, token: string, page: number): Promise<FeedPageBody> => {
  const response = await fetch(`${baseUrl}/api/v1/post/all/${page}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /post/all/${page}: ${response.status} ${await response.text()}`);
  return (await response.json()) as FeedPageBody;
};
