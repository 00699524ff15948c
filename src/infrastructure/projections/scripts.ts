import { LuaScript } from '../redis/lua-script';

/** Lua scripts: each runs atomically on the node holding the projection's slot. */

/**
 * KEYS: checkpoint, lease, data keys…  ARGV: expected checkpoint, new checkpoint, lease owner, ops (JSON).
 * Returns 1 when applied, -1 when the checkpoint moved (someone else applied it), -2 when the lease was lost; an error,
 * with nothing written, when a key holds another type than its write needs.
 */
export const APPLY_BATCH = new LuaScript(`
if redis.call('GET', KEYS[2]) ~= ARGV[3] then return -2 end
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return -1 end
local ops = cjson.decode(ARGV[4])
-- Redis does not undo a script's writes when a command fails: every key's type is checked before anything is written.
local types = { sadd = 'set', srem = 'set', zadd = 'zset', zrem = 'zset', hset = 'hash', hdel = 'hash', hincr = 'hash', set = 'string', lpush = 'list',
  zcopy = 'zset', zremeach = 'zset' }
local function check(key, wanted)
  local actual = redis.call('TYPE', key).ok
  if actual ~= 'none' and actual ~= wanted then
    return redis.error_reply('WRONGTYPE ' .. key .. ' holds a ' .. actual .. ', not a ' .. tostring(wanted))
  end
end
for _, op in ipairs(ops) do
  if op.o ~= 'del' then
    local failed = check(KEYS[op.k + 2], types[op.o])
    if not failed and op.f then failed = check(KEYS[op.f + 2], 'zset') end
    if not failed and op.o == 'zremeach' then
      for _, each in ipairs(redis.call('ZRANGE', KEYS[op.k + 2], 0, -1)) do
        failed = failed or check(op.a[1] .. each, 'zset')
      end
    end
    if failed then return failed end
  end
end
for _, op in ipairs(ops) do
  local key = KEYS[op.k + 2]
  if op.g and redis.call('EXISTS', KEYS[op.g + 2]) == 0 then
    -- skipped: what it belongs to is gone
  elseif op.o == 'sadd' then redis.call('SADD', key, unpack(op.a))
  elseif op.o == 'srem' then redis.call('SREM', key, unpack(op.a))
  elseif op.o == 'zadd' then redis.call('ZADD', key, op.a[1], op.a[2])
  elseif op.o == 'zrem' then redis.call('ZREM', key, unpack(op.a))
  elseif op.o == 'hset' then redis.call('HSET', key, unpack(op.a))
  elseif op.o == 'hdel' then redis.call('HDEL', key, unpack(op.a))
  elseif op.o == 'hincr' then redis.call('HINCRBY', key, op.a[1], op.a[2])
  elseif op.o == 'set' then redis.call('SET', key, op.a[1])
  elseif op.o == 'del' then redis.call('DEL', key)
  elseif op.o == 'lpush' then
    redis.call('LPUSH', key, op.a[1])
    if op.a[2] then redis.call('LTRIM', key, 0, tonumber(op.a[2]) - 1) end
  elseif op.o == 'zcopy' then
    local score = redis.call('ZSCORE', KEYS[op.f + 2], op.a[1])
    if score then redis.call('ZADD', key, score, op.a[1]) end
  elseif op.o == 'zremeach' then
    for _, each in ipairs(redis.call('ZRANGE', key, 0, -1)) do redis.call('ZREM', op.a[1] .. each, op.a[2]) end
  else return redis.error_reply('unknown read-model write ' .. tostring(op.o)) end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`);

/**
 * Makes sure the projection has a live generation (after a first start, or after Redis lost everything). Such a
 * generation starts empty: it is marked `recovering` until it has caught up with the log.
 * KEYS: generations, active, generation-seq  ARGV: version, now.  Returns the active generation.
 */
export const ENSURE_LIVE = new LuaScript(`
local active = redis.call('GET', KEYS[2])
if active then return tonumber(active) end
local generation = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], generation, cjson.encode({ version = tonumber(ARGV[1]), status = 'live', recovering = true, createdAt = ARGV[2] }))
redis.call('SET', KEYS[2], generation)
return generation
`);

/**
 * Starts building a new generation, unless one is already being built. KEYS: generations, generation-seq
 * ARGV: version, now.  Returns the building generation.
 */
export const START_GENERATION = new LuaScript(`
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if cjson.decode(all[i + 1]).status == 'building' then return tonumber(all[i]) end
end
local generation = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], generation, cjson.encode({ version = tonumber(ARGV[1]), status = 'building', createdAt = ARGV[2] }))
return generation
`);

/**
 * Makes a building generation the active one, only if it has applied at least what the active one has.
 * KEYS: generations, active, new checkpoint, active checkpoint  ARGV: generation, now.  Returns 1 if switched.
 */
export const ACTIVATE_GENERATION = new LuaScript(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local candidate = cjson.decode(json)
if candidate.status ~= 'building' then return 0 end
if tonumber(redis.call('GET', KEYS[3]) or '0') < tonumber(redis.call('GET', KEYS[4]) or '0') then return 0 end
local previous = redis.call('GET', KEYS[2])
if previous then
  local old = cjson.decode(redis.call('HGET', KEYS[1], previous))
  old.status = 'retired'
  old.retiredAt = ARGV[2]
  redis.call('HSET', KEYS[1], previous, cjson.encode(old))
end
candidate.status = 'live'
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(candidate))
redis.call('SET', KEYS[2], ARGV[1])
return 1
`);
