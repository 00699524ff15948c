import type { Redis } from 'ioredis';
import type { RecordedEvent } from '@application/shared/event-store';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime, RealtimeEmit, RealtimeProjection } from '@application/shared/realtime';
import { RedisCheckpoints } from '../subscriptions/redis-checkpoints';
import { Subscription, type BatchContext, type SubscriptionDependencies, type SubscriptionSettings } from '../subscriptions/subscription';
import { realtimeProjectionKeys } from './realtime-keys';

export type RealtimeSubscriptionDependencies = SubscriptionDependencies &
  Readonly<{
    redis: Redis;
    realtime: Realtime;
    readModels: ReadModels;
    /**
     * How long a batch may wait for the read models its messages depend on, before emitting anyway. The lease's time
     * to live must exceed it.
     */
    dependencyTimeoutMs: number;
  }>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

const withPosition = (message: RealtimeEmit, globalPosition: number): RealtimeEmit => ({
  ...message,
  args: message.args.map((arg) => (isPlainObject(arg) ? { ...arg, globalPosition } : arg)),
});

/** The realtime projections of every context, emitted by one consumer so that clients get messages in log order. */
export type RealtimeProjections = Readonly<{ name: string; projections: readonly RealtimeProjection[] }>;

/**
 * The realtime projections as a log consumer: new events become socket messages, each emitted once the read models a
 * client re-fetches have applied the event. Rebuilds and replays of projections never run through it, and a missing
 * checkpoint (first start, or Redis lost everything) starts at the head, so past events are never emitted again.
 * Delivery is at least once (a crash between an emit and the checkpoint repeats that event): every object argument
 * carries `globalPosition`, by which clients drop what they have already seen.
 */
export const realtimeSubscription = (deps: RealtimeSubscriptionDependencies, realtime: RealtimeProjections, settings: SubscriptionSettings) => {
  const keys = realtimeProjectionKeys(realtime.name);
  const lease = { key: keys.lease, fenceKey: keys.fence };

  /** Bounded per batch, so that a stalled projection slows messages down by one timeout, not one per event. */
  const awaitReadModels = async (projection: RealtimeProjection, event: RecordedEvent, batch: BatchContext): Promise<void> => {
    if (projection.dependsOn.length === 0) return;
    const position = event.metadata.globalPosition;
    const remaining = Math.max(0, batch.startedAt + deps.dependencyTimeoutMs - Date.now());
    if (await deps.readModels.waitForPosition(projection.dependsOn, position, remaining)) return;
    deps.logger.warn(
      { consumer: realtime.name, projection: projection.name, dependsOn: projection.dependsOn, position },
      'read models have not applied the event in time; emitting anyway',
    );
  };

  const emitFor = async (projection: RealtimeProjection, event: RecordedEvent, batch: BatchContext): Promise<number> => {
    const handler = projection.handlers[event.type];
    if (!handler) return 0;
    await awaitReadModels(projection, event, batch);
    const messages = await handler(event, { readModels: deps.readModels });
    for (const message of messages) await deps.realtime.emit(withPosition(message, event.metadata.globalPosition));
    return messages.length;
  };

  return new Subscription<number>(
    deps,
    {
      name: realtime.name,
      kind: 'realtime',
      failureLabel: 'realtime message',
      lease,
      checkpoints: new RedisCheckpoints(deps.redis, { lease: keys.lease, checkpoint: keys.checkpoint }),
      startAt: 'head',
      commitEachEffect: true,
      appliesReplays: true,
      handle: async (event, batch) => {
        let emitted = 0;
        for (const projection of realtime.projections) emitted += await emitFor(projection, event, batch);
        return emitted > 0 ? emitted : null;
      },
    },
    settings,
  );
};
