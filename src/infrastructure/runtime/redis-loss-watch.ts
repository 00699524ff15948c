import type { Redis } from 'ioredis';

/**
 * Notices that Redis lost what it held (a FLUSHALL, or a restart without persistence), which no signal announces:
 * every `everyMs` it renews a key of its own with one command, and finding that key gone means the data went with it
 * (or this process stalled for longer than the key lives: a harmless false alarm). Then `onLoss` runs, so that the
 * projections notice they have no read model and rebuild it without waiting for a fallback timeout.
 */
export const watchForRedisLoss = (redis: Redis, instanceId: string, everyMs: number, onLoss: () => void): { stop: () => void } => {
  const key = `es:alive:{${instanceId}}`;
  let checked = false;
  let checking = false;
  const check = async () => {
    // SET … GET answers the value it replaced: nil when the key was gone. Its life spans three checks.
    const previous = await redis.set(key, '1', 'PX', everyMs * 3, 'GET');
    if (previous === null && checked) onLoss();
    checked = true;
  };
  const tick = () => {
    if (checking) return;
    checking = true;
    check()
      .catch(() => undefined) // Redis is away: its reconnection wakes everyone anyway
      .finally(() => {
        checking = false;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};
