import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedServices, type EmbeddedServices, type FerretDbHandler } from '../src/infrastructure/embedded';

/** What the global setup leaves on globalThis for the global teardown (jest runs both in one process). */
export type EmbeddedTestServices = { services: EmbeddedServices; dataDir: string; postgresUrl?: string };

export const embeddedTestServicesKey = Symbol.for('chatty.embeddedTestServices');

const ferretDbHandler = (): FerretDbHandler => {
  const handler = process.env.FERRETDB_HANDLER ?? 'sqlite';
  if (handler !== 'sqlite' && handler !== 'postgresql') {
    throw new Error(`FERRETDB_HANDLER: expected "sqlite" or "postgresql", got "${handler}"`);
  }
  return handler;
};

const freshPostgresUrl = (): string => {
  const url = new URL(process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/chatty_test_${process.pid}_${Date.now().toString(36)}`;
  return url.toString();
};

/**
 * Starts one FerretDB and one Redis for the whole `int` run; jest workers are spawned after this and
 * inherit MONGO_URL and REDIS_URL. Already-set URLs win, so the suite can run against a real MongoDB.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGO_URL && process.env.REDIS_URL) return;
  const handler = ferretDbHandler();
  const dataDir = await mkdtemp(join(tmpdir(), 'chatty-test-'));
  const postgresUrl = handler === 'postgresql' ? freshPostgresUrl() : undefined;
  const services = await startEmbeddedServices({ dataDir, handler, postgresUrl });
  process.env.MONGO_URL ||= services.mongoUrl;
  process.env.REDIS_URL ||= services.redisUrl;
  const handle: EmbeddedTestServices = { services, dataDir, postgresUrl };
  (globalThis as Record<symbol, unknown>)[embeddedTestServicesKey] = handle;
}
