import type { Redis } from 'ioredis';
import type { EventLog, RecordedEvent } from '@application/shared/event-store';
import type { Projection, ReadModelWrite } from '@application/shared/projection';
import { encodeWrites } from './batch-writes';
import type { DeadLetters } from './dead-letters';
import type { Generation, GenerationRegistry } from './generation-registry';
import type { Leases } from '../redis/leases';
import { projectionKeys } from './projection-keys';
import { APPLY_BATCH } from './scripts';

export type ProjectionRunnerOptions = Readonly<{
  batchSize: number;
  /** Attempts of one event before it goes to the dead letters. */
  maxAttempts: number;
  /** How long a retired generation stays readable (a rollback is a pointer flip) before its keys are deleted. */
  retiredGraceMs: number;
  onError: (error: unknown, context: { projection: string; generation: number; position?: number }) => void;
}>;

type Dependencies = Readonly<{ redis: Redis; log: EventLog; registry: GenerationRegistry; leases: Leases; deadLetters: DeadLetters }>;

const APPLIED = 1;
const LEASE_LOST = -2;

/**
 * Keeps each projection's generations up to date from the global log. For every generation this process may work on
 * (its version is not newer than this code's), it takes the lease, applies a batch of events and the checkpoint in
 * one Redis script, switches a building generation in once it has caught up, and deletes retired ones after a grace.
 */
export class ProjectionRunner {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly dependencies: Dependencies,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions,
  ) {}

  /** One pass over every projection; returns how many events were applied. */
  async runOnce(): Promise<number> {
    let applied = 0;
    for (const projection of this.projections) applied += await this.runProjection(projection);
    return applied;
  }

  private async runProjection(projection: Projection): Promise<number> {
    const { registry } = this.dependencies;
    await registry.ensureLive(projection.name, projection.version);
    let generations = await registry.list(projection.name);
    const outdated = generations.every((g) => g.status === 'retired' || g.version < projection.version);
    if (outdated) {
      await registry.startGeneration(projection.name, projection.version);
      generations = await registry.list(projection.name);
    }
    let applied = 0;
    for (const generation of generations) {
      if (generation.version > projection.version) continue; // built by newer code: not ours to touch
      try {
        applied += await this.runGeneration(projection, generation);
      } catch (error) {
        this.options.onError(error, { projection: projection.name, generation: generation.generation });
      }
    }
    return applied;
  }

  private async runGeneration(projection: Projection, generation: Generation): Promise<number> {
    const { registry, leases } = this.dependencies;
    if (generation.status === 'retired') {
      const retiredFor = Date.now() - Date.parse(generation.retiredAt ?? generation.createdAt);
      if (retiredFor >= this.options.retiredGraceMs) await registry.purge(projection.name, generation.generation);
      return 0;
    }
    const lease = await leases.hold(projectionKeys(projection.name).lease(generation.generation));
    if (!lease) return 0;
    if (generation.status === 'live') await this.replayRequested(projection, generation.generation, lease);
    const applied = await this.applyNextBatch(projection, generation.generation, lease);
    if ((generation.status === 'building' || generation.recovering) && applied === 0) {
      const caughtUp = (await registry.checkpoint(projection.name, generation.generation)) >= (await this.dependencies.log.headPosition());
      if (caughtUp && generation.status === 'building') await registry.activate(projection.name, generation.generation);
      if (caughtUp && generation.recovering) await registry.markRecovered(projection.name, generation.generation);
    }
    return applied;
  }

  private async applyNextBatch(projection: Projection, generation: number, lease: string): Promise<number> {
    const checkpoint = await this.dependencies.registry.checkpoint(projection.name, generation);
    const events = await this.dependencies.log.readAfter(checkpoint, this.options.batchSize);
    if (events.length === 0) return 0;
    const writes: ReadModelWrite[] = [];
    for (const [index, event] of events.entries()) {
      const eventWrites = await this.writesOf(projection, generation, event);
      if (eventWrites === 'retry-later') return this.applyEvents(projection, generation, lease, checkpoint, events.slice(0, index), writes);
      writes.push(...eventWrites);
    }
    try {
      return await this.applyEvents(projection, generation, lease, checkpoint, events, writes);
    } catch (error) {
      if (events.length > 1) return this.applyOneByOne(projection, generation, lease, checkpoint, events);
      return this.recordFailure(projection, generation, lease, checkpoint, events[0]!, error);
    }
  }

  /** After a batch failed in Redis: applies its events one at a time, to isolate the one that fails. */
  private async applyOneByOne(projection: Projection, generation: number, lease: string, checkpoint: number, events: RecordedEvent[]): Promise<number> {
    let current = checkpoint;
    for (const event of events) {
      const writes = await this.writesOf(projection, generation, event);
      if (writes === 'retry-later') break;
      try {
        if ((await this.applyEvents(projection, generation, lease, current, [event], writes)) === 0) break;
      } catch (error) {
        await this.recordFailure(projection, generation, lease, current, event, error);
        break;
      }
      current = event.metadata.globalPosition;
    }
    return current - checkpoint;
  }

  /** The event's writes; a throwing handler is retried on later passes, then dead-lettered (its writes are then none). */
  private async writesOf(projection: Projection, generation: number, event: RecordedEvent): Promise<ReadModelWrite[] | 'retry-later'> {
    const handler = projection.handlers[event.type];
    if (!handler) return [];
    try {
      return handler(event);
    } catch (error) {
      const attempts = this.countFailure(projection, generation, event);
      this.options.onError(error, { projection: projection.name, generation, position: event.metadata.globalPosition });
      if (attempts < this.options.maxAttempts) return 'retry-later';
      await this.dependencies.deadLetters.add(projection.name, generation, event, error, attempts);
      return [];
    }
  }

  private async recordFailure(projection: Projection, generation: number, lease: string, checkpoint: number, event: RecordedEvent, error: unknown): Promise<number> {
    const attempts = this.countFailure(projection, generation, event);
    this.options.onError(error, { projection: projection.name, generation, position: event.metadata.globalPosition });
    if (attempts < this.options.maxAttempts) return 0;
    await this.dependencies.deadLetters.add(projection.name, generation, event, error, attempts);
    return this.applyEvents(projection, generation, lease, checkpoint, [event], []);
  }

  private countFailure(projection: Projection, generation: number, event: RecordedEvent): number {
    const id = `${projection.name}/${generation}/${event.metadata.globalPosition}`;
    const attempts = (this.failures.get(id) ?? 0) + 1;
    this.failures.set(id, attempts);
    return attempts;
  }

  /** Applies the writes and moves the checkpoint to the last event's position, atomically; returns the events applied. */
  private async applyEvents(
    projection: Projection,
    generation: number,
    lease: string,
    checkpoint: number,
    events: readonly RecordedEvent[],
    writes: readonly ReadModelWrite[],
  ): Promise<number> {
    const last = events.at(-1);
    if (!last) return 0;
    const keys = projectionKeys(projection.name);
    const encoded = encodeWrites(writes, keys.dataPrefix(generation));
    const result = await APPLY_BATCH.run(
      this.dependencies.redis,
      [keys.checkpoint(generation), keys.lease(generation).key, ...encoded.keys],
      [String(checkpoint), String(last.metadata.globalPosition), lease, encoded.ops],
    );
    if (result === LEASE_LOST) this.dependencies.leases.forget(keys.lease(generation));
    return result === APPLIED ? events.length : 0;
  }

  /** Applies dead-lettered events again on an admin's request, without moving the checkpoint. */
  private async replayRequested(projection: Projection, generation: number, lease: string): Promise<void> {
    const { deadLetters, log, registry } = this.dependencies;
    for (let position = await deadLetters.nextReplayRequest(projection.name); position !== null; position = await deadLetters.nextReplayRequest(projection.name)) {
      const [event] = await log.readAfter(position - 1, 1);
      const handler = event && projection.handlers[event.type];
      if (!event || !handler) continue;
      const checkpoint = await registry.checkpoint(projection.name, generation);
      const keys = projectionKeys(projection.name);
      const encoded = encodeWrites(handler(event), keys.dataPrefix(generation));
      await APPLY_BATCH.run(this.dependencies.redis, [keys.checkpoint(generation), keys.lease(generation).key, ...encoded.keys], [String(checkpoint), String(checkpoint), lease, encoded.ops]);
      await deadLetters.remove(projection.name, position);
    }
  }
}
