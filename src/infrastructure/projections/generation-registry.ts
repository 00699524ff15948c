import type { Redis } from 'ioredis';
import { projectionKeys } from './projection-keys';
import { ACTIVATE_GENERATION, ENSURE_LIVE, START_GENERATION } from './scripts';

export type GenerationStatus = 'building' | 'live' | 'retired';

export type Generation = Readonly<{
  generation: number;
  version: number;
  status: GenerationStatus;
  createdAt: string;
  retiredAt?: string;
  /** A live generation that started empty and has not caught up with the log yet. */
  recovering?: boolean;
}>;

/** The generations of one projection's read model, as recorded in Redis. */
export class GenerationRegistry {
  constructor(private readonly redis: Redis) {}

  async ensureLive(name: string, version: number): Promise<number> {
    const keys = projectionKeys(name);
    return Number(await ENSURE_LIVE.run(this.redis, [keys.generations, keys.active, keys.generationSequence], [version, new Date().toISOString()]));
  }

  async startGeneration(name: string, version: number): Promise<number> {
    const keys = projectionKeys(name);
    return Number(await START_GENERATION.run(this.redis, [keys.generations, keys.generationSequence], [version, new Date().toISOString()]));
  }

  /** Switches queries to `generation` if it has applied at least what the active one has; true when it did. */
  async activate(name: string, generation: number): Promise<boolean> {
    const keys = projectionKeys(name);
    const active = await this.active(name);
    const result = await ACTIVATE_GENERATION.run(
      this.redis,
      [keys.generations, keys.active, keys.checkpoint(generation), keys.checkpoint(active ?? generation)],
      [generation, new Date().toISOString()],
    );
    return Number(result) === 1;
  }

  /** Clears the `recovering` mark of a generation that has caught up. */
  async markRecovered(name: string, generation: number): Promise<void> {
    const key = projectionKeys(name).generations;
    const json = await this.redis.hget(key, String(generation));
    if (!json) return;
    const { recovering: _done, ...rest } = JSON.parse(json) as Omit<Generation, 'generation'>;
    await this.redis.hset(key, String(generation), JSON.stringify(rest));
  }

  /** True while queries would read an empty or partial model: no active generation yet, or one still recovering. */
  async isRecovering(name: string): Promise<boolean> {
    const active = await this.active(name);
    if (active === null) return true;
    const json = await this.redis.hget(projectionKeys(name).generations, String(active));
    return json === null || (JSON.parse(json) as { recovering?: boolean }).recovering === true;
  }

  async active(name: string): Promise<number | null> {
    const value = await this.redis.get(projectionKeys(name).active);
    return value === null ? null : Number(value);
  }

  async list(name: string): Promise<Generation[]> {
    const all = await this.redis.hgetall(projectionKeys(name).generations);
    return Object.entries(all)
      .map(([generation, json]) => ({ generation: Number(generation), ...(JSON.parse(json) as Omit<Generation, 'generation'>) }))
      .sort((a, b) => a.generation - b.generation);
  }

  async checkpoint(name: string, generation: number): Promise<number> {
    return Number((await this.redis.get(projectionKeys(name).checkpoint(generation))) ?? 0);
  }

  /** Deletes a retired generation's data, in small steps so Redis is never blocked for long. */
  async purge(name: string, generation: number): Promise<void> {
    const keys = projectionKeys(name);
    const stream = this.redis.scanStream({ match: `${keys.dataPrefix(generation)}*`, count: 500 });
    for await (const batch of stream as AsyncIterable<string[]>) {
      if (batch.length > 0) await this.redis.unlink(...batch);
    }
    await this.redis.unlink(keys.checkpoint(generation), keys.lease(generation).key);
    await this.redis.hdel(keys.generations, String(generation));
  }
}
