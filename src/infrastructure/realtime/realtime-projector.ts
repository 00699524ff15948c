import type { Redis } from 'ioredis';
import type { EventLog, RecordedEvent } from '@application/shared/event-store';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime, RealtimeEmit, RealtimeProjection } from '@application/shared/realtime';
import type { LeaseKeys, Leases } from '@infrastructure/redis/leases';
import { ADVANCE_CHECKPOINT, START_CHECKPOINT } from './realtime-projector-scripts';
import { realtimeProjectorKeys } from './realtime-keys';
import type { RealtimeLogger } from './realtime-logger';

export type RealtimeProjectorDeps = Readonly<{
  redis: Redis;
  log: EventLog;
  realtime: Realtime;
  readModels: ReadModels;
  /** Their time to live must exceed `dependencyTimeoutMs`: a batch waits that long at most before it moves on. */
  leases: Leases;
  logger: RealtimeLogger;
}>;

export type RealtimeProjectorOptions = Readonly<{
  /** Names the checkpoint and the lease: `realtime:{name}:checkpoint`. */
  name: string;
  batchSize: number;
  /** How long a batch may wait for the read models its messages depend on, before emitting anyway. */
  dependencyTimeoutMs: number;
  /** Attempts of one event whose handler or emit fails, before it is skipped (sockets are a hint, not the truth). */
  maxAttempts: number;
}>;

const defaults: RealtimeProjectorOptions = { name: 'realtime', batchSize: 100, dependencyTimeoutMs: 5_000, maxAttempts: 3 };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Turns new events of the global log into socket messages, after the read models a client re-fetches have applied
 * them. It is a consumer of its own: rebuilds and replays of projections never run through it, and a missing
 * checkpoint (first start, or Redis lost everything) starts at the head, so past events are never emitted again.
 * Delivery is at least once (a crash between an emit and the checkpoint repeats it): every object argument carries
 * `globalPosition`, by which clients drop what they have already seen.
 */
export class RealtimeProjector {
  private readonly options: RealtimeProjectorOptions;
  private readonly keys: ReturnType<typeof realtimeProjectorKeys>;
  private readonly lease: LeaseKeys;
  private readonly failures = new Map<number, number>();

  constructor(
    private readonly deps: RealtimeProjectorDeps,
    private readonly projections: readonly RealtimeProjection[],
    options: Partial<RealtimeProjectorOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
    this.keys = realtimeProjectorKeys(this.options.name);
    this.lease = { key: this.keys.lease, fenceKey: this.keys.fence };
  }

  /** One batch, if this process holds the lease; returns how many events it got through. */
  async runOnce(): Promise<number> {
    const token = await this.deps.leases.hold(this.lease);
    if (token === null) {
      this.failures.clear(); // another process owns the retries now
      return 0;
    }
    const checkpoint = await this.startingPoint(token);
    if (checkpoint === null) return 0;
    const events = await this.deps.log.readAfter(checkpoint, this.options.batchSize);
    const deadline = Date.now() + this.options.dependencyTimeoutMs;
    let done = 0;
    let saved = checkpoint;
    for (const event of events) {
      const emitted = await this.project(event, deadline);
      if (emitted === 'retry-later') break;
      done += 1;
      if (emitted === 0) continue;
      saved = event.metadata.globalPosition;
      if (!(await this.advance(token, saved))) return done;
    }
    const last = events[done - 1]?.metadata.globalPosition ?? checkpoint;
    if (last > saved) await this.advance(token, last);
    return done;
  }

  private async startingPoint(token: string): Promise<number | null> {
    const stored = await this.deps.redis.get(this.keys.checkpoint);
    if (stored !== null) return Number(stored);
    const head = await this.deps.log.headPosition();
    const checkpoint = Number(await START_CHECKPOINT.run(this.deps.redis, [this.keys.lease, this.keys.checkpoint], [token, head]));
    if (checkpoint >= 0) return checkpoint;
    this.deps.leases.forget(this.lease);
    return null;
  }

  private async advance(token: string, position: number): Promise<boolean> {
    const result = await ADVANCE_CHECKPOINT.run(this.deps.redis, [this.keys.lease, this.keys.checkpoint], [token, position]);
    if (Number(result) === 1) return true;
    this.deps.leases.forget(this.lease);
    return false;
  }

  /** The number of messages sent for the event, or 'retry-later' after a failure that has attempts left. */
  private async project(event: RecordedEvent, deadline: number): Promise<number | 'retry-later'> {
    const position = event.metadata.globalPosition;
    try {
      let emitted = 0;
      for (const projection of this.projections) emitted += await this.emitFor(projection, event, deadline);
      this.failures.delete(position);
      return emitted;
    } catch (error) {
      const attempts = (this.failures.get(position) ?? 0) + 1;
      this.failures.set(position, attempts);
      const details = { err: error, consumer: this.options.name, position, eventType: event.type, attempts };
      if (attempts < this.options.maxAttempts) {
        this.deps.logger.warn(details, 'realtime message failed; will retry');
        return 'retry-later';
      }
      this.failures.delete(position);
      this.deps.logger.error(details, 'realtime message failed; skipped');
      return 0;
    }
  }

  private async emitFor(projection: RealtimeProjection, event: RecordedEvent, deadline: number): Promise<number> {
    const handler = projection.handlers[event.type];
    if (!handler) return 0;
    await this.awaitReadModels(projection, event, deadline);
    const messages = await handler(event, { readModels: this.deps.readModels });
    for (const message of messages) await this.deps.realtime.emit(withPosition(message, event.metadata.globalPosition));
    return messages.length;
  }

  /** Bounded per batch, so that a stalled projection slows messages down by one timeout, not one per event. */
  private async awaitReadModels(projection: RealtimeProjection, event: RecordedEvent, deadline: number): Promise<void> {
    if (projection.dependsOn.length === 0) return;
    const position = event.metadata.globalPosition;
    const remaining = Math.max(0, deadline - Date.now());
    if (await this.deps.readModels.waitForPosition(projection.dependsOn, position, remaining)) return;
    this.deps.logger.warn(
      { consumer: this.options.name, projection: projection.name, dependsOn: projection.dependsOn, position },
      'read models have not applied the event in time; emitting anyway',
    );
  }
}

const withPosition = (message: RealtimeEmit, globalPosition: number): RealtimeEmit => ({
  ...message,
  args: message.args.map((arg) => (isPlainObject(arg) ? { ...arg, globalPosition } : arg)),
});
