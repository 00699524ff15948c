import type { EventCatalog } from '@application/shared/event-catalog';
import type { RecordedEvent } from '@application/shared/event-store';
import type { CommitBody } from './storage-layout';

/** Decodes (upcasts and validates) the events of a commit; `firstPosition` is 0 for unsequenced commits. */
export const recordedEventsOf = (catalog: EventCatalog, commit: CommitBody, firstPosition: number): RecordedEvent[] =>
  commit.events.map((stored, index) => {
    const event = catalog.decode(stored.type, stored.schemaVersion, JSON.parse(stored.data));
    return {
      ...event,
      metadata: {
        eventId: stored.eventId,
        streamId: commit.streamId,
        streamVersion: commit.fromVersion + index,
        globalPosition: firstPosition === 0 ? 0 : firstPosition + index,
        schemaVersion: stored.schemaVersion,
        occurredAt: commit.occurredAt,
        actorId: commit.actorId,
        correlationId: commit.correlationId,
        causationId: commit.causationId,
        commitId: commit.commitId,
      },
    };
  });
