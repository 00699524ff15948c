import type { Event } from '@domain/shared';
import type { RecordedEvent } from './event-store';

/**
 * A read-model write, named by a logical key. The runner prefixes keys with the projection's generation and applies
 * a batch of writes and the checkpoint advance in one atomic step, so a write is applied exactly once. A write with
 * `onlyIfExists` is skipped when that key is absent (an event that arrives after what it belongs to was deleted).
 */
export type ReadModelWrite = WriteOf & { onlyIfExists?: string };

type WriteOf =
  | { kind: 'set.add'; key: string; members: string[] }
  | { kind: 'set.remove'; key: string; members: string[] }
  | { kind: 'sorted.add'; key: string; score: number; member: string }
  | { kind: 'sorted.remove'; key: string; members: string[] }
  | { kind: 'hash.set'; key: string; fields: Record<string, string> }
  | { kind: 'hash.delete'; key: string; fields: string[] }
  | { kind: 'hash.increment'; key: string; field: string; by: number }
  | { kind: 'value.set'; key: string; value: string }
  | { kind: 'key.delete'; key: string }
  | { kind: 'list.push'; key: string; value: string; maxLength?: number }
  /** Adds `member` to `key` with the score it has in `from` (nothing if it is not there). */
  | { kind: 'sorted.copy'; key: string; from: string; member: string }
  /** Removes `member` from the sorted set `<keyPrefix><m>` for every member m of the sorted set `key`. */
  | { kind: 'sorted.removeFromEach'; key: string; keyPrefix: string; member: string };

/** Builders for the writes, so projections read like a table of event → updates. */
export const rm = {
  setAdd: (key: string, ...members: string[]): ReadModelWrite => ({ kind: 'set.add', key, members }),
  setRemove: (key: string, ...members: string[]): ReadModelWrite => ({ kind: 'set.remove', key, members }),
  sortedAdd: (key: string, score: number, member: string): ReadModelWrite => ({ kind: 'sorted.add', key, score, member }),
  sortedRemove: (key: string, ...members: string[]): ReadModelWrite => ({ kind: 'sorted.remove', key, members }),
  hashSet: (key: string, fields: Record<string, string>): ReadModelWrite => ({ kind: 'hash.set', key, fields }),
  hashDelete: (key: string, ...fields: string[]): ReadModelWrite => ({ kind: 'hash.delete', key, fields }),
  hashIncrement: (key: string, field: string, by: number): ReadModelWrite => ({ kind: 'hash.increment', key, field, by }),
  valueSet: (key: string, value: string): ReadModelWrite => ({ kind: 'value.set', key, value }),
  delete: (key: string): ReadModelWrite => ({ kind: 'key.delete', key }),
  listPush: (key: string, value: string, maxLength?: number): ReadModelWrite => ({ kind: 'list.push', key, value, maxLength }),
  sortedCopy: (from: string, to: string, member: string): ReadModelWrite => ({ kind: 'sorted.copy', key: to, from, member }),
  sortedRemoveFromEach: (membersOf: string, keyPrefix: string, member: string): ReadModelWrite => ({
    kind: 'sorted.removeFromEach',
    key: membersOf,
    keyPrefix,
    member,
  }),
  /** The writes, each skipped when `key` does not exist when it is applied. */
  ifExists: (key: string, writes: ReadModelWrite[]): ReadModelWrite[] => writes.map((write) => ({ ...write, onlyIfExists: key })),
};

export type ProjectionHandler = (event: RecordedEvent) => ReadModelWrite[];

export type Projection = Readonly<{
  name: string;
  /** Bump it when the handlers change: the runner builds a new generation from position 1 and swaps when it has caught up. */
  version: number;
  handlers: Readonly<Record<string, ProjectionHandler>>;
}>;

type HandlersFor<E extends Event> = { [T in E['type']]?: (event: RecordedEvent<Extract<E, { type: T }>>) => ReadModelWrite[] };

export const defineProjection = <E extends Event>(name: string, version: number, handlers: HandlersFor<E>): Projection => ({
  name,
  version,
  // The runner only calls a handler with events of its own type, which is what the mapped type promised.
  handlers: handlers as unknown as Record<string, ProjectionHandler>,
});
