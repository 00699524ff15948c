import type { Redis } from 'ioredis';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { CONSUMERS_NUDGED } from '@infrastructure/redis/log-signals';

/**
 * Starts a projection's new generation as the admins' rebuild does: registered, then announced to the worker loops
 * (which otherwise look for it only at their fallback). Returns the generation's number.
 */
export const startRebuild = async (redis: Redis, projection: string, version: number): Promise<number> => {
  const generation = await new GenerationRegistry(redis).startGeneration(projection, version);
  await redis.publish(CONSUMERS_NUDGED, '');
  return generation;
};
