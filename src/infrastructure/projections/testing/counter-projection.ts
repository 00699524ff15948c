import { defineProjection, rm } from '@application/shared/projection';
import type { Event } from '@domain/shared';

type CounterIncremented = Event<'CounterIncremented', { by: number; writer: string }>;

/** A projection whose writes are not idempotent (HINCRBY): any event applied twice shows in the totals. */
export const counterProjection = (name: string, version = 1, failOn?: (by: number) => boolean) =>
  defineProjection<CounterIncremented>(name, version, {
    CounterIncremented: (event) => {
      if (failOn?.(event.data.by)) throw new Error(`cannot count ${event.data.by}`);
      return [
        rm.hashIncrement('totals', event.data.writer, event.data.by * version),
        rm.setAdd('writers', event.data.writer),
        rm.sortedAdd('by-position', event.metadata.globalPosition, event.metadata.eventId),
      ];
    },
  });
