import type { Redis } from 'ioredis';
import { connectTestRedis } from '@infrastructure/projections/testing/projection-harness';
import { uniqueName } from '@test/support/unique-name';
import { waitUntil } from '../jobs/testing/wait-until';
import { RedisPresence } from '../realtime/redis-presence';
import { chatWindowKeys, RedisChatWindows } from './redis-chat-windows';

describe('RedisChatWindows', () => {
  let redis: Redis;
  let namespace: string;
  let windows: RedisChatWindows;
  /** Presence as the api processes keep it; sockets of `crashing` live 400 ms unless renewed, as on a process that died. */
  let presence: { live: RedisPresence; crashing: RedisPresence };

  beforeAll(() => {
    redis = connectTestRedis();
  });
  afterAll(() => redis.quit());
  beforeEach(() => {
    namespace = uniqueName('chat-windows');
    windows = new RedisChatWindows(redis, { namespace });
    presence = { live: new RedisPresence(redis, { namespace, ttlMs: 60_000 }), crashing: new RedisPresence(redis, { namespace, ttlMs: 400 }) };
  });

  const online = async (userId: string, socketId = `${userId}-tab`, on: keyof typeof presence = 'live') => {
    await presence[on].connect({ userId, socketId });
  };
  const offline = (userId: string, socketId = `${userId}-tab`) => presence.live.disconnect({ userId, socketId });
  const expired = (userId: string) => waitUntil(`${userId}'s crashed sockets expired`, async () => !(await presence.live.onlineUsers()).includes(userId));

  it('keeps the windows each user opened, one way only, until they close them', async () => {
    await Promise.all([online('ann'), online('bob')]);
    await windows.open('ann', 'bob');
    await windows.open('ann', 'cat');

    expect(await windows.isViewing('ann', 'bob')).toBe(true);
    expect(await windows.isViewing('bob', 'ann')).toBe(false);
    expect((await windows.openedBy('ann')).sort()).toEqual(['bob', 'cat']);
    expect(await windows.openedBy('bob')).toEqual([]);

    expect(await windows.close('ann', 'bob')).toBe(true);
    expect(await windows.close('ann', 'bob')).toBe(false);
    expect(await windows.isViewing('ann', 'bob')).toBe(false);
    expect(await windows.openedBy('ann')).toEqual(['cat']);
  });

  it('closes all windows of a user at once, says whose they were, and leaves no key behind', async () => {
    await Promise.all([online('ann'), online('bob')]);
    await windows.open('ann', 'bob');
    await windows.open('ann', 'cat');
    await windows.open('bob', 'ann');

    expect((await windows.closeAllOf('ann')).sort()).toEqual(['bob', 'cat']);
    expect(await windows.openedBy('ann')).toEqual([]);
    expect(await windows.closeAllOf('ann')).toEqual([]);
    expect(await windows.isViewing('bob', 'ann')).toBe(true);

    await windows.close('bob', 'ann');
    const keys = chatWindowKeys(namespace);
    expect(await redis.exists(keys.windows('ann'), keys.witnesses('ann'), keys.windows('bob'), keys.witnesses('bob'))).toBe(0);
  });

  it('counts no window of a user who is not online', async () => {
    await windows.open('ann', 'bob');
    expect(await windows.isViewing('ann', 'bob')).toBe(false);
    expect(await windows.openedBy('ann')).toEqual([]);

    await online('ann');
    expect(await windows.isViewing('ann', 'bob')).toBe(false); // opened while offline: it never counts
    await windows.open('ann', 'cat');
    expect(await windows.openedBy('ann')).toEqual(['cat']);

    await offline('ann');
    expect(await windows.isViewing('ann', 'cat')).toBe(false);
  });

  it('stops counting the windows of a user whose process died once their presence expires, and forgets them when they come back', async () => {
    await online('ann', 'ann-tab', 'crashing');
    await windows.open('ann', 'bob');
    expect(await windows.isViewing('ann', 'bob')).toBe(true);

    await expired('ann');
    expect(await windows.isViewing('ann', 'bob')).toBe(false);
    expect(await windows.openedBy('ann')).toEqual([]);

    await online('ann', 'ann-new-tab');
    expect(await windows.isViewing('ann', 'bob')).toBe(false);
    await windows.open('ann', 'cat');
    expect(await windows.openedBy('ann')).toEqual(['cat']);
  });

  it('ends the windows when a socket the user had on a process that died expires, as a disconnect would', async () => {
    await online('ann', 'tab-on-live-process');
    await online('ann', 'tab-on-dead-process', 'crashing');
    await windows.open('ann', 'bob');
    expect(await windows.isViewing('ann', 'bob')).toBe(true);

    await waitUntil('the dead process’s socket expired', async () => !(await windows.isViewing('ann', 'bob')));
    expect(await presence.live.onlineUsers()).toContain('ann');
    expect(await windows.openedBy('ann')).toEqual([]);
  });

  it('keeps deployments sharing a Redis apart', async () => {
    const other = new RedisChatWindows(redis, { namespace: uniqueName('chat-windows') });
    await online('ann');
    await windows.open('ann', 'bob');
    expect(await other.openedBy('ann')).toEqual([]);
    expect(await other.closeAllOf('ann')).toEqual([]);
    expect(await windows.openedBy('ann')).toEqual(['bob']);
  });
});
