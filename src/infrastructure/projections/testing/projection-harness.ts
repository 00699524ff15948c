import { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import type { Projection } from '@application/shared/projection';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { testCatalog } from '@infrastructure/event-store/testing/test-events';
import { DeadLetters } from '../../subscriptions/dead-letters';
import type { ConsumerLogger } from '../../subscriptions/subscription';
import { GenerationRegistry } from '../generation-registry';
import { Leases } from '../../redis/leases';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../projection-runner';

export const connectTestRedis = (): Redis => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests through jest so that the global setup starts Redis');
  return new Redis(url, { maxRetriesPerRequest: 3 });
};

export const silentLogger: ConsumerLogger = { warn: () => undefined, error: () => undefined };

export const buildRunner = (
  redis: Redis,
  db: Db,
  projections: Projection[],
  options: Partial<ProjectionRunnerOptions> & { instanceId?: string; leaseMs?: number } = {},
) =>
  new ProjectionRunner(
    {
      redis,
      log: new MongoEventLog(db, testCatalog),
      registry: new GenerationRegistry(redis),
      leases: new Leases(redis, options.instanceId ?? 'test', options.leaseMs ?? 10_000),
      deadLetters: new DeadLetters(db, redis),
      logger: silentLogger,
    },
    projections,
    { batchSize: 50, maxAttempts: 3, retiredGraceMs: 0, ...options },
  );

export const runUntilIdle = async (runner: ProjectionRunner): Promise<void> => {
  while ((await runner.runOnce()) > 0);
};
