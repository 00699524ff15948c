import type { Redis } from 'ioredis';
import type { ChatWindows } from '@application/chat/ports';
import { presenceKeys } from '../realtime/realtime-keys';
import { LuaScript } from '../redis/lua-script';

export type ChatWindowsOptions = Readonly<{
  /** Presence's namespace (the socket server's): windows are kept beside the presence they depend on, as isolated. */
  namespace: string;
}>;

/**
 * A user's windows hold while the sockets they had when opening them still live: KEYS[1] the user's windows, KEYS[2]
 * the socket ids that were live when a window was opened, KEYS[3] the user's presence sockets, KEYS[4] the presence
 * users list; ARGV[1] the user id. Presence is read as the `user online` list reads it, with the Redis clock.
 */
const WINDOWS_HOLD = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function liveUntil(score) return score and tonumber(score) >= now end
local function windowsHold()
  if not liveUntil(redis.call('ZSCORE', KEYS[4], ARGV[1])) then return false end
  local witnesses = redis.call('SMEMBERS', KEYS[2])
  if #witnesses == 0 then return false end
  for _, socketId in ipairs(witnesses) do
    if not liveUntil(redis.call('ZSCORE', KEYS[3], socketId)) then return false end
  end
  return true
end
`;

/**
 * ARGV[2]: the other user. Windows that no longer hold (their owner went offline since) are dropped first, so they
 * never come back with their owner; the user's live sockets then witness the windows.
 */
const OPEN = new LuaScript(`${WINDOWS_HOLD}
if not windowsHold() then redis.call('DEL', KEYS[1], KEYS[2]) end
redis.call('SADD', KEYS[1], ARGV[2])
local live = redis.call('ZRANGEBYSCORE', KEYS[3], now, '+inf')
if #live > 0 then redis.call('SADD', KEYS[2], unpack(live)) end
`);

/** KEYS[1] the user's windows, KEYS[2] their witnesses; ARGV[1] the other user. 1 when that window was stored. */
const CLOSE = new LuaScript(`
local removed = redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) end
return removed
`);

/** KEYS[1] the user's windows, KEYS[2] their witnesses. The users whose windows were stored. */
const CLOSE_ALL = new LuaScript(`
local others = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return others
`);

/** ARGV[2]: the other user. 1 when the window is open and holds. */
const IS_VIEWING = new LuaScript(`${WINDOWS_HOLD}
if windowsHold() and redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 1 then return 1 end
return 0
`);

/** The users whose windows are open, if they hold. */
const OPENED_BY = new LuaScript(`${WINDOWS_HOLD}
if windowsHold() then return redis.call('SMEMBERS', KEYS[1]) end
return {}
`);

/** Keys share presence's hash tag, so that on Redis Cluster a script reads a user's windows and presence in one slot. */
export const chatWindowKeys = (namespace: string) => ({
  /** Set per user: the users whose conversations they have open. */
  windows: (userId: string) => `chat-windows:{${namespace}}:open:${userId}`,
  /** Set per user: the socket ids that were live when one of their windows was opened. */
  witnesses: (userId: string) => `chat-windows:{${namespace}}:sockets:${userId}`,
});

/**
 * Open chat windows in Redis, beside presence. Any socket of a user that disconnects closes all their windows
 * (`closeAllOf`); a socket of a process that died never says so, but its presence expires, and the windows opened
 * while it lived stop counting then. A window opened while its user had no live socket never counts. So windows count
 * only while their owner is online, and a user who went offline does not come back with the windows of before.
 */
export class RedisChatWindows implements ChatWindows {
  private readonly keys: ReturnType<typeof chatWindowKeys>;
  private readonly presence: ReturnType<typeof presenceKeys>;

  constructor(
    private readonly redis: Redis,
    options: ChatWindowsOptions,
  ) {
    this.keys = chatWindowKeys(options.namespace);
    this.presence = presenceKeys(options.namespace);
  }

  async open(viewerId: string, otherId: string): Promise<void> {
    await OPEN.run(this.redis, this.keysOf(viewerId), [viewerId, otherId]);
  }

  async close(viewerId: string, otherId: string): Promise<boolean> {
    return Number(await CLOSE.run(this.redis, [this.keys.windows(viewerId), this.keys.witnesses(viewerId)], [otherId])) === 1;
  }

  async closeAllOf(viewerId: string): Promise<string[]> {
    return (await CLOSE_ALL.run(this.redis, [this.keys.windows(viewerId), this.keys.witnesses(viewerId)], [])) as string[];
  }

  async isViewing(viewerId: string, otherId: string): Promise<boolean> {
    return Number(await IS_VIEWING.run(this.redis, this.keysOf(viewerId), [viewerId, otherId])) === 1;
  }

  async openedBy(viewerId: string): Promise<string[]> {
    return (await OPENED_BY.run(this.redis, this.keysOf(viewerId), [viewerId])) as string[];
  }

  private keysOf(userId: string): string[] {
    return [this.keys.windows(userId), this.keys.witnesses(userId), this.presence.sockets(userId), this.presence.users];
  }
}
