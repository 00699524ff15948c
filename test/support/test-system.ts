import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { loadConfig, type Config } from '@infrastructure/config/config';
import { findFreePort, startRedisServer } from '@infrastructure/embedded';
import { startTestSmtpServer, type TestSmtpServer } from '@infrastructure/mail/testing/test-smtp-server';
import type { ManagedProcess } from '@infrastructure/embedded/managed-process';
import { startSystem, type RunningSystem } from '@interfaces/processes/start-system';
import { uniqueName } from './unique-name';

export type TestSystem = Readonly<{
  baseUrl: string;
  /** As the system runs with it (signing keys loaded). */
  config: Config;
  system: RunningSystem;
  redisServer: ManagedProcess;
  /** A connection of the test's own, to look inside (never the system's). */
  redis: Redis;
  db: Db;
  stop(): Promise<void>;
}>;

/**
 * The whole system (api and worker roles in one process) on a real port, with its own Redis server and its own
 * database on the shared FerretDB, so suites never see each other's read models or queues.
 */
export const startTestSystem = async (env: Record<string, string> = {}): Promise<TestSystem> => {
  const mongoUrl = process.env.MONGO_URL;
  if (!mongoUrl) throw new Error('MONGO_URL is not set: run the tests through jest so that the global setup starts FerretDB');
  const redisServer = await startRedisServer({});
  const port = await findFreePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chatty-system-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MONGO_URL: mongoUrl,
    MONGO_DB: uniqueName('sys').slice(0, 38),
    REDIS_URL: redisServer.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Suites sign many users up from one address; the limit itself is tested with its default elsewhere.
    SIGNUP_LIMIT_PER_HOUR: '10000',
    // Suites sign hundreds of users up: the lowest argon2id costs keep that from dominating a busy machine's run.
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_PASSES: '1',
    // A busy CI machine can take more than the default two seconds to project a write.
    READ_YOUR_WRITES_TIMEOUT_MS: '10000',
    ...env,
  });
  const system = await startSystem(config, pino({ level: 'warn' }));
  const redis = new Redis(redisServer.url);
  const mongo = await MongoClient.connect(mongoUrl);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config: system.config,
    system,
    redisServer,
    redis,
    db: mongo.db(config.mongoDb),
    stop: async () => {
      await system.stop();
      redis.disconnect();
      await mongo
        .db(config.mongoDb)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
      await redisServer.stop();
    },
  };
};

/** Polls until `check` returns a truthy value; fails after `timeoutMs`. */
export { eventually } from './eventually';

/** A 1×1 PNG as the client sends avatars. */
export const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export type TestSystemWithMail = TestSystem & Readonly<{ smtp: TestSmtpServer }>;

/** A test system that sends its e-mail to an SMTP server of the test's own. */
export const startTestSystemWithMail = async (env: Record<string, string> = {}): Promise<TestSystemWithMail> => {
  const smtp = await startTestSmtpServer();
  const system = await startTestSystem({ ...env, SMTP_URL: smtp.url });
  return {
    ...system,
    smtp,
    stop: async () => {
      await system.stop();
      await smtp.close();
    },
  };
};
