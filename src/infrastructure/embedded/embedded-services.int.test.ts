import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { startFerretDb } from './ferretdb';
import type { ManagedProcess } from './managed-process';
import { startRedisServer } from './redis-server';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('an embedded Redis server', () => {
  let dataDir: string;
  let redis: ManagedProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatty-embedded-redis-'));
    redis = await startRedisServer({ dataDir });
  });

  afterAll(async () => {
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('comes back empty on the same port after being killed and restarted', async () => {
    const before = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    await before.set('greeting', 'hello');
    expect(await before.get('greeting')).toBe('hello');
    before.disconnect();

    const killedPid = redis.pid;
    await redis.kill();
    expect(isRunning(killedPid)).toBe(false);

    await redis.restart();
    expect(redis.pid).not.toBe(killedPid);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    const after = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      expect(await after.ping()).toBe('PONG');
      expect(await after.get('greeting')).toBeNull();
    } finally {
      after.disconnect();
    }
  });

  it('rejects with the log tail when the port is already taken', async () => {
    await expect(startRedisServer({ dataDir, port: redis.port })).rejects.toThrow(/exited with code 1[\s\S]*in use/i);
  });
});

describe('an embedded FerretDB with the sqlite handler', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatty-embedded-ferretdb-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores and reads back a document, then stops', async () => {
    const ferretdb = await startFerretDb({ handler: 'sqlite', dataDir });
    const client = new MongoClient(ferretdb.url);
    try {
      const notes = client.db('embedded_test').collection<{ _id: string; text: string }>('notes');
      await notes.insertOne({ _id: 'n1', text: 'hello' });
      expect(await notes.findOne({ _id: 'n1' })).toEqual({ _id: 'n1', text: 'hello' });
    } finally {
      await client.close();
      await ferretdb.stop();
    }
    expect(isRunning(ferretdb.pid)).toBe(false);
  });
});
