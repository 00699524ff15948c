import { Redis } from 'ioredis';
import { startRedisServer, type ManagedProcess } from '@infrastructure/embedded';
import { eventually } from '@test/support/eventually';
import { uniqueName } from '@test/support/unique-name';
import { sleep } from './background-loop';
import { watchForRedisLoss } from './redis-loss-watch';

describe('watching for Redis losing its data', () => {
  let server: ManagedProcess;
  let redis: Redis;

  beforeEach(async () => {
    server = await startRedisServer({});
    redis = new Redis(server.url);
  });
  afterEach(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('says nothing while Redis keeps its data, and tells once it was flushed', async () => {
    let losses = 0;
    const watch = watchForRedisLoss(redis, uniqueName('instance'), 100, () => (losses += 1));
    try {
      await sleep(1_000); // ten checks of a Redis that keeps its data: the premise, not a wait for a result
      expect(losses).toBe(0);

      await redis.flushall();
      await eventually(async () => losses === 1, 10_000, 'the loss to be noticed');
    } finally {
      watch.stop();
    }
  });
});
