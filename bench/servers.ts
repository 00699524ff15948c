import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { startFerretDb, startRedisServer, type FerretDbHandler, type ManagedProcess } from '@infrastructure/embedded';

const execFileAsync = promisify(execFile);

export type MongoServer = Readonly<{
  url: string;
  /** Set when this run started the server (its CPU is then sampled). */
  pid?: number;
  version: string;
  postgresVersion?: string;
  stop(): Promise<void>;
}>;

export type RedisServer = Readonly<{ url: string; pid?: number; version: string; stop(): Promise<void> }>;

const postgresBaseUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const dropPostgresDatabase = async (database: string): Promise<void> => {
  const url = new URL(postgresBaseUrl);
  url.pathname = '/postgres';
  await execFileAsync('dropdb', ['--if-exists', '--force', `--maintenance-db=${url.toString()}`, database]);
};

const postgresVersion = async (): Promise<string> => {
  const url = new URL(postgresBaseUrl);
  url.pathname = '/postgres';
  const { stdout } = await execFileAsync('psql', [url.toString(), '-Atc', 'show server_version']);
  return stdout.trim();
};

/** The server's own answer to buildInfo (FerretDB reports its version in `ferretdbVersion`). */
export const mongoVersion = async (url: string): Promise<string> => {
  const client = await MongoClient.connect(url);
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    return info.ferretdbVersion ? `FerretDB ${String(info.ferretdbVersion)} (MongoDB ${String(info.version)} compatible)` : `MongoDB ${String(info.version)}`;
  } finally {
    await client.close();
  }
};

/**
 * A FerretDB of the given handler on a free port, data under `dataDir`; for PostgreSQL a fresh database named after
 * this run, dropped by stop(). With MONGO_URL set, that server is used and nothing is started.
 */
export const startMongo = async (handler: FerretDbHandler, dataDir: string): Promise<MongoServer> => {
  const given = process.env.MONGO_URL;
  if (given) return { url: given, version: await mongoVersion(given), stop: async () => undefined };
  await mkdir(dataDir, { recursive: true });
  const database = `chatty_bench_${process.pid}_${Date.now().toString(36)}`;
  let postgresUrl: string | undefined;
  if (handler === 'postgresql') {
    const url = new URL(postgresBaseUrl);
    url.pathname = `/${database}`;
    postgresUrl = url.toString();
  }
  let ferretdb: ManagedProcess;
  try {
    ferretdb = await startFerretDb({ handler, dataDir, postgresUrl });
  } catch (error) {
    if (handler === 'postgresql') await dropPostgresDatabase(database).catch(() => undefined);
    throw error;
  }
  return {
    url: ferretdb.url,
    pid: ferretdb.pid,
    version: await mongoVersion(ferretdb.url),
    postgresVersion: handler === 'postgresql' ? await postgresVersion() : undefined,
    stop: async () => {
      await ferretdb.stop();
      if (handler === 'postgresql') await dropPostgresDatabase(database);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

export const startRedis = async (dataDir: string): Promise<RedisServer> => {
  const given = process.env.REDIS_URL;
  const server = given ? undefined : await startRedisServer({ dataDir });
  const url = given ?? server!.url;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const version = /^redis_version:(\S+)/m.exec(await client.info('server'))?.[1] ?? 'unknown';
    return {
      url,
      pid: server?.pid,
      version,
      stop: async () => {
        await server?.stop();
        if (server) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } finally {
    client.disconnect();
  }
};

export const dataDirFor = (root: string, name: string): string => join(root, name);
