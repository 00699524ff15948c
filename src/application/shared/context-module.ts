import type { EventDefinition } from '@domain/shared';
import type { JobRegistration } from './jobs';
import type { Policy } from './policy';
import type { Projection } from './projection';
import type { RealtimeProjection } from './realtime';

/**
 * What a bounded context runs on the write and read sides: its event types, its log consumers and its jobs. A context's
 * module (in `src/interfaces/contexts/`) adds its routers and socket handlers to this; the container runs these parts.
 */
export type ContextRuntime<Dependencies> = Readonly<{
  name: string;
  events: readonly EventDefinition[];
  projections: readonly Projection[];
  policies: (deps: Dependencies) => Policy[];
  realtimeProjections: readonly RealtimeProjection[];
  jobs: (deps: Dependencies) => JobRegistration[];
}>;

export type CombinedRuntime<Dependencies> = Readonly<{
  events: EventDefinition[];
  projections: Projection[];
  policies: (deps: Dependencies) => Policy[];
  realtimeProjections: RealtimeProjection[];
  jobs: (deps: Dependencies) => JobRegistration[];
}>;

const assertUnique = (what: string, names: readonly string[]): void => {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`Two ${what} are named "${name}": each name must be unique (check the context modules).`);
    seen.add(name);
  }
};

/**
 * Every context's parts together. Consumers share one namespace (checkpoints, leases and dead letters are kept by
 * name), as do jobs and event types: a name used twice stops start-up here, with a message that says which.
 */
export const combineContexts = <Dependencies>(modules: ReadonlyArray<ContextRuntime<Dependencies>>): CombinedRuntime<Dependencies> => {
  assertUnique(
    'contexts',
    modules.map((module) => module.name),
  );
  assertUnique(
    'event types',
    modules.flatMap((module) => module.events.map((event) => event.type)),
  );
  const projections = modules.flatMap((module) => module.projections);
  const realtimeProjections = modules.flatMap((module) => module.realtimeProjections);
  const policies = (deps: Dependencies) => {
    const all = modules.flatMap((module) => module.policies(deps));
    assertUnique(
      'log consumers',
      [...projections, ...all, ...realtimeProjections].map((consumer) => consumer.name),
    );
    return all;
  };
  const jobs = (deps: Dependencies) => {
    const all = modules.flatMap((module) => module.jobs(deps));
    assertUnique(
      'jobs',
      all.map((registration) => registration.job.name),
    );
    return all;
  };
  assertUnique(
    'log consumers',
    [...projections, ...realtimeProjections].map((consumer) => consumer.name),
  );
  return { events: modules.flatMap((module) => module.events), projections, policies, realtimeProjections, jobs };
};
