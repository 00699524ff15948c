import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

/** Takes or renews a lease. KEYS: lease  ARGV: owner, ttl ms.  Returns 1 when the caller holds it. */
const HOLD_LEASE = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** Where a lease lives, and the counter its fencing tokens come from. */
export type LeaseKeys = Readonly<{ key: string; fenceKey: string }>;

/**
 * One holder at a time across processes. Each acquisition gets a new fencing token (`<instance>:<counter>`); writers
 * guarded by a lease check the token in the same script as their writes, so a holder that lost its lease writes nothing.
 */
export class Leases {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    private readonly ttlMs: number,
  ) {}

  /** The caller's token if it holds (or could take) the lease, else null. */
  async hold(lease: LeaseKeys): Promise<string | null> {
    const held = this.tokens.get(lease.key);
    if (held && (await HOLD_LEASE.run(this.redis, [lease.key], [held, this.ttlMs])) === 1) return held;
    this.tokens.delete(lease.key);
    const token = `${this.instanceId}:${await this.redis.incr(lease.fenceKey)}`;
    if ((await HOLD_LEASE.run(this.redis, [lease.key], [token, this.ttlMs])) !== 1) return null;
    this.tokens.set(lease.key, token);
    return token;
  }

  forget(lease: LeaseKeys): void {
    this.tokens.delete(lease.key);
  }

  async releaseAll(): Promise<void> {
    for (const [key, token] of this.tokens) {
      if ((await this.redis.get(key)) === token) await this.redis.del(key);
    }
    this.tokens.clear();
  }
}
