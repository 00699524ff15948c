import type { Event } from '@domain/shared';

export type EventMetadata = Readonly<{
  eventId: string;
  streamId: string;
  /** 1-based version of the event within its stream. */
  streamVersion: number;
  /** 1-based, dense position in the global log; 0 while the event has not been sequenced yet. */
  globalPosition: number;
  schemaVersion: number;
  occurredAt: Date;
  actorId: string | null;
  correlationId: string;
  causationId: string | null;
  /** The id of the append (the command id) that wrote the event. */
  commitId: string;
}>;

export type RecordedEvent<E extends Event = Event> = E & Readonly<{ metadata: EventMetadata }>;

/**
 * `no_stream`: the stream must have no event; `stream_exists`: it must have at least one;
 * `any`: no check (conflicts with a concurrent append are retried by the store); a number: the exact current version.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export type AppendOptions = Readonly<{
  expectedVersion: ExpectedVersion;
  commitId: string;
  occurredAt: Date;
  actorId: string | null;
  correlationId: string;
  causationId: string | null;
}>;

export type AppendResult = Readonly<{
  commitId: string;
  /** The stream version after the append (or after the first append, when it was a retry). */
  nextExpectedVersion: number;
  /** The events written by this commit id, with their metadata (global positions are 0 until sequenced). */
  events: RecordedEvent[];
  /** True when the same commit id had already been appended: nothing new was written. */
  alreadyApplied: boolean;
}>;

export type StreamSnapshot = Readonly<{
  events: RecordedEvent[];
  version: number;
  /** Commit ids already in the stream, for idempotent retries. */
  commitIds: ReadonlySet<string>;
  /** Read from this process's cache alone: the store may hold later commits. */
  fromCache: boolean;
}>;

/**
 * `latest`: every commit the store holds when the read is made. `cached`: what this process already knows of the stream
 * when it knows it, without a round trip; only to decide a command, whose append then conflicts if the cache was behind.
 */
export type ReadFreshness = 'latest' | 'cached';

/** The write side: streams with optimistic concurrency. Reading the global log is `EventLog`'s job. */
export interface EventStore {
  readStream(streamId: string, freshness?: ReadFreshness): Promise<StreamSnapshot>;
  appendToStream(streamId: string, events: readonly Event[], options: AppendOptions): Promise<AppendResult>;
}

/** The dense, ordered global log that projections and policies read. */
export interface EventLog {
  /** Position of the last sequenced event (0 when the log is empty). */
  headPosition(): Promise<number>;
  /** Up to about `maxEvents` events with position > `afterPosition`, in order; empty when none is sequenced yet. */
  readAfter(afterPosition: number, maxEvents: number): Promise<RecordedEvent[]>;
}
