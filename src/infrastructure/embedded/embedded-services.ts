import { join } from 'node:path';
import { assertFerretDbBinary, startFerretDb, type FerretDbHandler } from './ferretdb';
import type { ManagedProcess } from './managed-process';
import { startRedisServer } from './redis-server';

export type EmbeddedServicesOptions = {
  dataDir: string;
  handler?: FerretDbHandler;
  /** For the postgresql handler; the database is created when missing. */
  postgresUrl?: string;
};

export type EmbeddedServices = { mongoUrl: string; redisUrl: string; stop(): Promise<void> };

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/chatty';

const stopAll = async (processes: ManagedProcess[]): Promise<void> => {
  await Promise.all(processes.map((managed) => managed.stop()));
};

/** Starts FerretDB (data in `<dataDir>/ferretdb`) and Redis (`<dataDir>/redis`) on free ports. */
export const startEmbeddedServices = async (opts: EmbeddedServicesOptions): Promise<EmbeddedServices> => {
  assertFerretDbBinary();
  const handler = opts.handler ?? 'sqlite';
  const started = await Promise.allSettled([
    startFerretDb({
      handler,
      dataDir: join(opts.dataDir, 'ferretdb'),
      postgresUrl: handler === 'postgresql' ? (opts.postgresUrl ?? defaultPostgresUrl) : undefined,
    }),
    startRedisServer({ dataDir: join(opts.dataDir, 'redis') }),
  ]);
  const [ferretdb, redis] = started;
  if (ferretdb.status === 'fulfilled' && redis.status === 'fulfilled') {
    return {
      mongoUrl: ferretdb.value.url,
      redisUrl: redis.value.url,
      stop: () => stopAll([ferretdb.value, redis.value]),
    };
  }
  // Do not leave the one that did start running.
  await stopAll(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
  throw started.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0];
};
