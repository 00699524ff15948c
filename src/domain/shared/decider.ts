import type { Command } from './command';
import type { Event } from './event';

/** Pure business logic of one stream type: `decide` may throw a DomainError; neither does I/O. */
export type Decider<C extends Command, E extends Event, S> = Readonly<{
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
}>;

export const foldEvents = <E extends Event, S>(decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>, events: readonly E[]): S =>
  events.reduce(decider.evolve, decider.initialState());
