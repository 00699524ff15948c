import { Redis } from 'ioredis';
import { uniqueName } from '@test/support/unique-name';
import { waitUntil } from '../jobs/testing/wait-until';
import { chatEmailSlotKey, RedisChatEmailThrottle } from './redis-chat-email-throttle';

const redisUrl = (): string => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests through jest so that the global setup starts Redis');
  return url;
};

describe('RedisChatEmailThrottle', () => {
  const window = 60_000;
  let redis: Redis;
  let throttle: RedisChatEmailThrottle;
  let conversation: string;

  beforeAll(() => {
    redis = new Redis(redisUrl());
    throttle = new RedisChatEmailThrottle(redis);
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    conversation = uniqueName('conversation');
  });

  it('gives the window to the first message, refuses another message, and grants the same message again', async () => {
    expect(await throttle.claim(conversation, 'bob', 'm1', window)).toBe(true);
    expect(await throttle.claim(conversation, 'bob', 'm2', window)).toBe(false);
    expect(await throttle.claim(conversation, 'bob', 'm1', window)).toBe(true);
    expect(await redis.get(chatEmailSlotKey(conversation, 'bob'))).toBe('m1');
  });

  it('keeps one window per conversation and receiver', async () => {
    const other = uniqueName('conversation');
    expect(await throttle.claim(conversation, 'bob', 'm1', window)).toBe(true);
    expect(await throttle.claim(conversation, 'ann', 'm2', window)).toBe(true);
    expect(await throttle.claim(other, 'bob', 'm3', window)).toBe(true);
  });

  it('lets exactly one of many concurrent claims from separate connections win', async () => {
    const connections = Array.from({ length: 8 }, () => new Redis(redisUrl()));
    try {
      const claims = Array.from({ length: 40 }, (_, index) =>
        new RedisChatEmailThrottle(connections[index % connections.length] as Redis).claim(conversation, 'bob', `m${index}`, window),
      );
      const results = await Promise.all(claims);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await redis.get(chatEmailSlotKey(conversation, 'bob'))).toBe(`m${results.indexOf(true)}`);
    } finally {
      await Promise.all(connections.map((connection) => connection.quit()));
    }
  });

  it('frees the window when it ends, and a repeated claim of the holder does not lengthen it', async () => {
    const shortWindow = 1_000;
    const claimedAt = Date.now();
    expect(await throttle.claim(conversation, 'bob', 'm1', shortWindow)).toBe(true);
    expect(await throttle.claim(conversation, 'bob', 'm2', shortWindow)).toBe(false);
    expect(Date.now() - claimedAt).toBeLessThan(shortWindow);
    // Time passes, so that a claim that started the window again would show in what is left of it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await throttle.claim(conversation, 'bob', 'm1', shortWindow)).toBe(true);
    expect(await redis.pttl(chatEmailSlotKey(conversation, 'bob'))).toBeLessThanOrEqual(shortWindow - 200);
    await waitUntil('another message takes the window', () => throttle.claim(conversation, 'bob', 'm2', shortWindow));
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(shortWindow - 5);
    expect(await redis.get(chatEmailSlotKey(conversation, 'bob'))).toBe('m2');
  });

  it('refuses a window that is not a positive whole number of milliseconds', async () => {
    await expect(throttle.claim(conversation, 'bob', 'm1', 0)).rejects.toBeInstanceOf(RangeError);
    await expect(throttle.claim(conversation, 'bob', 'm1', 1.5)).rejects.toBeInstanceOf(RangeError);
  });
});
