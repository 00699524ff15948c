import type { Command, Decider, Event } from '../index';
import { foldEvents } from '../decider';

/** given(events).when(command).then(events) | .thenThrows(ErrorClass): a decider test in one sentence. */
export const specify = <C extends Command, E extends Event, S>(decider: Decider<C, E, S>) => ({
  given: (events: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, foldEvents(decider, events));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenThrows: (error: new (...args: never[]) => Error) => expect(run).toThrow(error),
      };
    },
  }),
});

export const commandMetadata = (now = new Date('2026-01-01T00:00:00.000Z')) => ({
  commandId: 'cmd-1',
  now,
  actorId: null,
  correlationId: 'corr-1',
  causationId: null,
});
