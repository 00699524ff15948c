import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { findFreePort } from './free-port';
import { startManagedProcess, type ManagedProcess } from './managed-process';

export type RedisServerOptions = { dataDir?: string; port?: number };

const answersAs = async (port: number, pid: number): Promise<boolean> => {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 1000,
    // disconnect() arms this timer and clears it only on a later 'close', which a refused socket never
    // emits again: the default 2 s would keep the process alive after the servers have stopped.
    disconnectTimeout: 50,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // a refused connection is the expected answer while it starts
  try {
    await client.connect();
    if ((await client.ping()) !== 'PONG') return false;
    return /^process_id:(\d+)\r?$/m.exec(await client.info('server'))?.[1] === String(pid);
  } finally {
    client.disconnect();
  }
};

/** A temporary data dir we made ourselves goes away with the server; restart() makes it again. */
const removingDirOnStop = (managed: ManagedProcess, dataDir: string): ManagedProcess => ({
  url: managed.url,
  port: managed.port,
  get pid() {
    return managed.pid;
  },
  kill: () => managed.kill(),
  stop: async () => {
    await managed.stop();
    await rm(dataDir, { recursive: true, force: true });
  },
  restart: async () => {
    await mkdir(dataDir, { recursive: true });
    await managed.restart();
  },
});

/**
 * Starts `redis-server` on 127.0.0.1 with persistence off: a restart comes back empty. Without a dataDir,
 * its log goes to a temporary directory that stop() removes.
 */
export const startRedisServer = async (opts: RedisServerOptions = {}): Promise<ManagedProcess> => {
  const dataDir = resolve(opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'chatty-redis-'))));
  await mkdir(dataDir, { recursive: true });
  const port = opts.port ?? (await findFreePort());
  const managed = await startManagedProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir],
    port,
    url: `redis://127.0.0.1:${port}`,
    logFile: join(dataDir, 'redis.log'),
    cwd: dataDir,
    isReady: (pid) => answersAs(port, pid),
  });
  return opts.dataDir === undefined ? removingDirOnStop(managed, dataDir) : managed;
};
