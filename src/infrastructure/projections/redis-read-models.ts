import type { Redis } from 'ioredis';
import type { ReadModels, ReadModelView } from '@application/shared/read-models';
import { GenerationRegistry } from './generation-registry';
import { projectionKeys } from './projection-keys';

/** Redis spells infinite bounds `+inf` and `-inf`. */
const scoreBound = (score: number): string => (score === Number.POSITIVE_INFINITY ? '+inf' : score === Number.NEGATIVE_INFINITY ? '-inf' : String(score));

const asHash = (value: Record<string, string>): Record<string, string> | null => (Object.keys(value).length === 0 ? null : value);

/**
 * A view reads the generation named by the projection's `active` pointer when the view is first used, so a query
 * (one view) reads one generation throughout, and a switch to a rebuilt generation is atomic for it; the retired one
 * stays readable for a grace period, so a query that started just before a switch still finds its keys.
 */
export class RedisReadModels implements ReadModels {
  private readonly registry: GenerationRegistry;

  constructor(private readonly redis: Redis) {
    this.registry = new GenerationRegistry(redis);
  }

  view(projectionName: string): ReadModelView {
    const redis = this.redis;
    let resolved: Promise<string> | undefined;
    const prefix = () => (resolved ??= this.registry.active(projectionName).then((generation) => projectionKeys(projectionName).dataPrefix(generation ?? 0)));
    const key = async (logical: string) => (await prefix()) + logical;
    /** One command per key in a single round trip, each reply checked and converted. */
    const pipelined = async <T>(keys: readonly string[], command: 'hgetall' | 'zcard' | 'scard', convert: (reply: unknown) => T): Promise<T[]> => {
      if (keys.length === 0) return [];
      const p = await prefix();
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline[command](p + k);
      return ((await pipeline.exec()) ?? []).map(([error, reply]) => {
        if (error) throw error;
        return convert(reply);
      });
    };
    return {
      value: async (k) => redis.get(await key(k)),
      hash: async (k) => asHash(await redis.hgetall(await key(k))),
      hashFields: async (k, fields) => (fields.length === 0 ? [] : redis.hmget(await key(k), ...fields)),
      hashes: (keys) => pipelined(keys, 'hgetall', (reply) => asHash(reply as Record<string, string>)),
      setMembers: async (k) => redis.smembers(await key(k)),
      setHas: async (k, member) => (await redis.sismember(await key(k), member)) === 1,
      setSize: async (k) => redis.scard(await key(k)),
      setSizes: (keys) => pipelined(keys, 'scard', Number),
      sortedRange: async (k, start, stop, options) => (options?.reverse ? redis.zrevrange(await key(k), start, stop) : redis.zrange(await key(k), start, stop)),
      sortedRangeByScore: async (k, min, max, options) => {
        const count = options?.limit ?? -1;
        const offset = options?.offset ?? 0;
        const flat = options?.reverse
          ? await redis.zrevrangebyscore(await key(k), scoreBound(max), scoreBound(min), 'WITHSCORES', 'LIMIT', offset, count)
          : await redis.zrangebyscore(await key(k), scoreBound(min), scoreBound(max), 'WITHSCORES', 'LIMIT', offset, count);
        const entries: Array<{ member: string; score: number }> = [];
        for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i]!, score: Number(flat[i + 1]) });
        return entries;
      },
      sortedSize: async (k) => redis.zcard(await key(k)),
      sortedSizes: (keys) => pipelined(keys, 'zcard', Number),
      listRange: async (k, start, stop) => redis.lrange(await key(k), start, stop),
    };
  }

  isRecovering(projectionName: string): Promise<boolean> {
    return this.registry.isRecovering(projectionName);
  }

  async waitForPosition(projectionNames: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoints = await Promise.all(projectionNames.map(async (name) => this.registry.checkpoint(name, (await this.registry.active(name)) ?? 0)));
      if (checkpoints.every((checkpoint) => checkpoint >= position)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}
