import type { Redis } from 'ioredis';
import type { RecordedEvent } from '@application/shared/event-store';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime, RealtimeEmit, RealtimeProjection } from '@application/shared/realtime';
import { GenerationRegistry } from '../projections/generation-registry';
import { RedisCheckpoints } from '../subscriptions/redis-checkpoints';
import { Subscription, type SubscriptionDependencies, type SubscriptionSettings } from '../subscriptions/subscription';
import { realtimeProjectionKeys } from './realtime-keys';

export type RealtimeSubscriptionDependencies = SubscriptionDependencies &
  Readonly<{
    redis: Redis;
    realtime: Realtime;
    readModels: ReadModels;
  }>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

const withPosition = (message: RealtimeEmit, globalPosition: number): RealtimeEmit => ({
  ...message,
  args: message.args.map((arg) => (isPlainObject(arg) ? { ...arg, globalPosition } : arg)),
});

/** The last position that the active generations of all these projections have applied: what a client re-fetching them sees. */
const appliedByAll = async (registry: GenerationRegistry, projectionNames: readonly string[]): Promise<number> => {
  const applied = await Promise.all(
    projectionNames.map(async (name) => {
      const active = await registry.active(name);
      return active === null ? 0 : registry.checkpoint(name, active);
    }),
  );
  return Math.min(...applied);
};

/**
 * The realtime projections of every context, emitted by one consumer so that clients get messages in log order.
 * `projectionNames`, when given, are the projections that exist: a dependency on any other would hold every message
 * back for ever, so it stops start-up instead.
 */
export type RealtimeProjections = Readonly<{ name: string; projections: readonly RealtimeProjection[]; projectionNames?: readonly string[] }>;

/**
 * The realtime projections as a log consumer: new events become socket messages, each emitted once the read models a
 * client re-fetches have applied the event. The consumer never runs ahead of them: it reads the log only up to the
 * lowest position they have all applied (their active generations', which keep applying during a rebuild; an event a
 * read model gives up on is dead-lettered there and passed), so it waits as any consumer waits for new events, with no
 * timeout, and keeps the log's order. Rebuilds and replays of projections never run through it, and a missing
 * checkpoint (first start, or Redis lost everything) starts at the head, so past events are never emitted again.
 * Delivery is at least once (a crash between an emit and the checkpoint repeats that event): every object argument
 * carries `globalPosition`, by which clients drop what they have already seen.
 */
export const realtimeSubscription = (deps: RealtimeSubscriptionDependencies, realtime: RealtimeProjections, settings: SubscriptionSettings) => {
  const keys = realtimeProjectionKeys(realtime.name);
  const lease = { key: keys.lease, fenceKey: keys.fence };
  const dependencies = [...new Set(realtime.projections.flatMap((projection) => projection.dependsOn))];
  const unknown = dependencies.filter((name) => realtime.projectionNames && !realtime.projectionNames.includes(name));
  if (unknown.length > 0) throw new Error(`Realtime projections depend on projections that do not exist: ${unknown.join(', ')}`);
  const registry = new GenerationRegistry(deps.redis);

  const emitFor = async (projection: RealtimeProjection, event: RecordedEvent): Promise<number> => {
    const handler = projection.handlers[event.type];
    if (!handler) return 0;
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
      readableUpTo: dependencies.length > 0 ? () => appliedByAll(registry, dependencies) : undefined,
      handle: async (event) => {
        let emitted = 0;
        for (const projection of realtime.projections) emitted += await emitFor(projection, event);
        return emitted > 0 ? emitted : null;
      },
    },
    settings,
  );
};
