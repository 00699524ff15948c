import type { Redis } from 'ioredis';
import type { ListAnchors } from '@application/shared/list-anchors';

const anchorKey = (ownerId: string, list: string): string => `list-anchor:${ownerId}:${list}`;

export class RedisListAnchors implements ListAnchors {
  constructor(private readonly redis: Redis) {}

  async get(ownerId: string, list: string): Promise<number | null> {
    const value = await this.redis.get(anchorKey(ownerId, list));
    return value === null ? null : Number(value);
  }

  async set(ownerId: string, list: string, value: number, ttlMs: number): Promise<void> {
    await this.redis.set(anchorKey(ownerId, list), String(value), 'PX', ttlMs);
  }
}
