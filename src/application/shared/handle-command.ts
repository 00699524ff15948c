import { foldEvents, type Command, type Decider, type Event } from '@domain/shared';
import { ConcurrencyError } from './errors';
import type { EventStore, ReadFreshness, RecordedEvent } from './event-store';
import { KeyedQueue } from './keyed-queue';

export type CommandResult<E extends Event> = Readonly<{
  streamId: string;
  /** The events this command id wrote (on a retry: the ones its first run wrote). */
  events: RecordedEvent<E>[];
  nextExpectedVersion: number;
  commitId: string;
  alreadyApplied: boolean;
}>;

export type HandleOptions = Readonly<{
  /** Decide again on the fresh state when another writer got there first (for commands that stay valid, like a follow). */
  retryOnConflict?: boolean;
}>;

/**
 * Conflicts only come from other processes (see `commandsPerStream`); jittered retries settle them. The budget is
 * time, not a count of attempts: on a slow database more writers overlap, and each attempt wins less often.
 */
const CONFLICT_RETRY_BUDGET_MS = 5_000;
const conflictBackoffMs = (attempt: number): number => Math.random() * Math.min(200, 10 * 2 ** attempt);

/**
 * Commands on one stream run one after the other within a process: concurrent requests on a stream (a burst of
 * follows between two users) would otherwise all read the same version, and all but one lose the append.
 */
const commandsPerStream = new KeyedQueue();

/**
 * Load the stream, decide, append with the version that was read. The first decision is made on what this process
 * knows of the stream (no round trip when it knows it): the append's compare-and-set catches a cache that was behind.
 * A command id already in the stream returns its first result (idempotent retries); a conflict with another writer is
 * retried only when the command allows it, else it surfaces as 409.
 */
export const handleCommand = <C extends Command, E extends Event, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamId: string,
  command: C,
  options: HandleOptions = {},
): Promise<CommandResult<E>> => commandsPerStream.run(streamId, () => decideAndAppend(store, decider, streamId, command, options));

const decideAndAppend = async <C extends Command, E extends Event, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamId: string,
  command: C,
  options: HandleOptions,
): Promise<CommandResult<E>> => {
  const { commandId, now, actorId, correlationId, causationId } = command.metadata;
  const giveUpAt = Date.now() + CONFLICT_RETRY_BUDGET_MS;
  let freshness: ReadFreshness = 'cached';
  for (let attempt = 1; ; attempt++) {
    const stream = await store.readStream(streamId, freshness);
    freshness = 'latest';
    const events = stream.events as RecordedEvent<E>[];
    if (stream.commitIds.has(commandId)) {
      const earlier = events.filter((event) => event.metadata.commitId === commandId);
      return {
        streamId,
        events: earlier,
        nextExpectedVersion: earlier.at(-1)?.metadata.streamVersion ?? stream.version,
        commitId: commandId,
        alreadyApplied: true,
      };
    }
    let decided: E[];
    try {
      decided = decider.decide(command, foldEvents(decider, events));
    } catch (refusal) {
      if (stream.fromCache) continue; // refused on what this process knew: only the latest state may refuse it
      throw refusal;
    }
    if (decided.length === 0) {
      if (stream.fromCache) continue; // nothing to do on what this process knew: the latest state may say otherwise
      return { streamId, events: [], nextExpectedVersion: stream.version, commitId: commandId, alreadyApplied: false };
    }
    try {
      const result = await store.appendToStream(streamId, decided, {
        expectedVersion: stream.version,
        commitId: commandId,
        occurredAt: now,
        actorId,
        correlationId,
        causationId,
      });
      return {
        streamId,
        events: result.events as RecordedEvent<E>[],
        nextExpectedVersion: result.nextExpectedVersion,
        commitId: commandId,
        alreadyApplied: result.alreadyApplied,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Decided on a cached state that was behind: decide again on the latest, as if the command had come a moment later.
      if (stream.fromCache) continue;
      if (!options.retryOnConflict || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
    }
  }
};

/** The state of a stream, for handlers that must look before they decide across streams (sign-in, reset). */
export const loadState = async <E extends Event, S>(
  store: EventStore,
  decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>,
  streamId: string,
  freshness: ReadFreshness = 'latest',
): Promise<S> => foldEvents(decider, (await store.readStream(streamId, freshness)).events as RecordedEvent<E>[]);

/** A stream's events through `version` at least: from this process's cache when it holds them (events never change). */
export const readStreamThrough = async (store: EventStore, streamId: string, version: number): Promise<RecordedEvent[]> => {
  const cached = await store.readStream(streamId, 'cached');
  return (cached.version >= version ? cached : await store.readStream(streamId)).events;
};
