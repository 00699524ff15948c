import { LuaScript } from '@infrastructure/redis/lua-script';

/**
 * KEYS: lease, checkpoint. ARGV: token, head. Sets a missing checkpoint to the head (old events are never emitted)
 * and returns the checkpoint; -1 when the caller no longer holds the lease.
 */
export const START_CHECKPOINT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return tonumber(redis.call('GET', KEYS[2]))
`);

/**
 * KEYS: lease, checkpoint. ARGV: token, position. Moves the checkpoint forward, only for the lease holder; returns 0
 * when the caller lost the lease. A missing checkpoint (Redis lost it) stays missing, so that the next pass starts
 * from the head.
 */
export const ADVANCE_CHECKPOINT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local current = redis.call('GET', KEYS[2])
if current and tonumber(current) < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
`);
