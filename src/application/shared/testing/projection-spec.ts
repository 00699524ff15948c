import type { EventMetadata, RecordedEvent } from '@application/shared/event-store';
import type { Projection, ReadModelWrite } from '@application/shared/projection';
import type { Event } from '@domain/shared';

/**
 * given(events).then(writes) | .thenNothing(): a projection test in one sentence, asserting the writes of all events in
 * order (an event without a handler writes nothing, as in the runner). Plain events get global positions 1, 2, 3 … by
 * their place in the list; an event built with `recorded(event, position, overrides?)` keeps its own metadata.
 */
export const recorded = <E extends Event>(event: E, globalPosition: number, overrides: Partial<EventMetadata> = {}): RecordedEvent<E> => ({
  ...event,
  metadata: {
    eventId: `event-${globalPosition}`,
    streamId: 'stream-1',
    streamVersion: 1,
    globalPosition,
    schemaVersion: 1,
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    actorId: null,
    correlationId: 'corr-1',
    causationId: null,
    commitId: `commit-${globalPosition}`,
    ...overrides,
  },
});

const isRecorded = (event: Event | RecordedEvent): event is RecordedEvent => 'metadata' in event;

const writesOf = (projection: Projection, events: readonly (Event | RecordedEvent)[]): ReadModelWrite[] =>
  events.flatMap((event, index) => {
    const handler = projection.handlers[event.type];
    return handler ? handler(isRecorded(event) ? event : recorded(event, index + 1)) : [];
  });

export const specifyProjection = (projection: Projection) => ({
  given: (events: readonly (Event | RecordedEvent)[]) => ({
    then: (expected: ReadModelWrite[]) => expect(writesOf(projection, events)).toEqual(expected),
    thenNothing: () => expect(writesOf(projection, events)).toEqual([]),
  }),
});
