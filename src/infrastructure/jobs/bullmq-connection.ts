import { Redis } from 'ioredis';

/**
 * A connection for BullMQ only: its workers block on Redis, so a command must wait through a reconnect rather
 * than fail after a few retries (`maxRetriesPerRequest: null`, which BullMQ requires).
 */
export const connectBullMq = (redisUrl: string): Redis => new Redis(redisUrl, { maxRetriesPerRequest: null });
