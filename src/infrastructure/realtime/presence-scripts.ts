import { LuaScript } from '@infrastructure/redis/lua-script';

// Expiries use the Redis clock (TIME), so processes with skewed clocks agree on who has expired.
const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/** KEYS: users, user sockets. ARGV: userId, socketId, ttlMs. Returns 1 when this is the user's first live socket. */
export const CONNECT_SOCKET = new LuaScript(`${NOW}
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local first = redis.call('ZCARD', KEYS[2]) == 0
redis.call('ZADD', KEYS[2], now + ttl, ARGV[2])
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('ZADD', KEYS[1], 'GT', now + ttl, ARGV[1])
if first then return 1 end
return 0
`);

/**
 * KEYS: users, user sockets. ARGV: userId, socketId. Returns 1 when the user has no live socket left and this call
 * took them off the list (a sweep may have done it first: then it reported them).
 */
export const DISCONNECT_SOCKET = new LuaScript(`${NOW}
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[2])
return redis.call('ZREM', KEYS[1], ARGV[1])
`);

/**
 * Renews this process's sockets. KEYS: users, then one sockets key per entry. ARGV: ttlMs, then userId and socketId
 * per entry. Only renews sockets still listed, so a renewal that reaches Redis after the socket's disconnect cannot
 * bring it back; returns the socket ids it did not find (swept after a long pause, or not registered yet).
 */
export const RENEW_SOCKETS = new LuaScript(`${NOW}
local ttl = tonumber(ARGV[1])
local missing = {}
for i = 2, #KEYS do
  local socketId = ARGV[2 * i - 1]
  if redis.call('ZSCORE', KEYS[i], socketId) then
    redis.call('ZADD', KEYS[i], now + ttl, socketId)
    redis.call('PEXPIRE', KEYS[i], ttl)
    redis.call('ZADD', KEYS[1], 'GT', now + ttl, ARGV[2 * i - 2])
  else
    table.insert(missing, socketId)
  end
end
return missing
`);

/** KEYS: users. ARGV: limit. Users whose latest socket expiry has passed: candidates for SWEEP_USERS. */
export const EXPIRED_USERS = new LuaScript(`${NOW}
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
`);

/**
 * KEYS: users, then one sockets key per user. ARGV: the user ids. Takes off the list the users with no live socket
 * left (their processes died without a goodbye) and returns them; the others get their exact latest expiry back.
 * Atomic, so when several processes sweep, each user is reported by exactly one.
 */
export const SWEEP_USERS = new LuaScript(`${NOW}
local offline = {}
for i = 2, #KEYS do
  local userId = ARGV[i - 1]
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  local latest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
  if #latest == 0 then
    if redis.call('ZREM', KEYS[1], userId) == 1 then table.insert(offline, userId) end
  else
    redis.call('ZADD', KEYS[1], latest[2], userId)
  end
end
return offline
`);

/** KEYS: users. The users with a live socket. */
export const ONLINE_USERS = new LuaScript(`${NOW}
return redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')
`);
