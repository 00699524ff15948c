import type { EventDefinition } from '@domain/shared';
import type { EventStore } from './event-store';
import type { Jobs } from './jobs';
import type { Policy } from './policy';
import type { Projection } from './projection';
import type { ReadModels } from './read-models';
import type { Realtime, RealtimeProjection } from './realtime';

/** What policies may use. */
export type PolicyDependencies = Readonly<{ store: EventStore; readModels: ReadModels; jobs: Jobs; realtime: Realtime }>;

/** One bounded context's contribution to the running system; the container collects them all. */
export type ContextModule = Readonly<{
  events: readonly EventDefinition[];
  projections: readonly Projection[];
  policies: (deps: PolicyDependencies) => Policy[];
  realtimeProjections: readonly RealtimeProjection[];
}>;
