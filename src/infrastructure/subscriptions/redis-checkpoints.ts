import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script';
import type { CheckpointStore, CommitOutcome } from './subscription';

/**
 * KEYS: lease, checkpoint. ARGV: token, position. Sets a missing checkpoint to the position and returns the
 * checkpoint; -1 when the caller no longer holds the lease.
 */
export const START_CHECKPOINT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return tonumber(redis.call('GET', KEYS[2]))
`);

/**
 * KEYS: lease, checkpoint. ARGV: token, position. Moves the checkpoint forward, only for the lease holder; returns 0
 * when the caller lost the lease. A missing checkpoint (Redis lost it) stays missing, so that the next pass starts
 * where a consumer without a checkpoint starts.
 */
const ADVANCE_CHECKPOINT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local current = redis.call('GET', KEYS[2])
if current and tonumber(current) < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
`);

export const startCheckpoint = async (redis: Redis, keys: { lease: string; checkpoint: string }, position: number, token: string): Promise<number | null> => {
  const checkpoint = Number(await START_CHECKPOINT.run(redis, [keys.lease, keys.checkpoint], [token, position]));
  return checkpoint >= 0 ? checkpoint : null;
};

/** A checkpoint alone in Redis, fenced by the lease: for realtime projections, whose effects are socket messages. */
export class RedisCheckpoints implements CheckpointStore<unknown> {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Readonly<{ lease: string; checkpoint: string }>,
  ) {}

  async read(): Promise<number | null> {
    const stored = await this.redis.get(this.keys.checkpoint);
    return stored === null ? null : Number(stored);
  }

  start(position: number, token: string): Promise<number | null> {
    return startCheckpoint(this.redis, this.keys, position, token);
  }

  async commit(_from: number, to: number, _effects: readonly unknown[], token: string): Promise<CommitOutcome> {
    return Number(await ADVANCE_CHECKPOINT.run(this.redis, [this.keys.lease, this.keys.checkpoint], [token, to])) === 1 ? 'committed' : 'lease-lost';
  }
}
