import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Event } from '@domain/shared';
import { ConcurrencyError } from '@application/shared/errors';
import type { EventCatalog } from '@application/shared/event-catalog';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadFreshness, StreamSnapshot } from '@application/shared/event-store';
import { recordedEventsOf } from './recorded-events';
import { StreamCache } from './stream-cache';
import { GroupCommit } from './group-commit';
import { bucketOf, commitKey, type CommitBody, type StoredCommit } from './storage-layout';

/*
 * A writer that just appended starts its next append one round trip ahead of one that must first read that commit,
 * so on a stream two writers hammer, the loser may lose many times in a row: `any` allows many attempts. (The product
 * keeps hot streams out of its design; only tests and benchmarks append with `any`.)
 */
const MAX_ANY_VERSION_ATTEMPTS = 100;

type Loaded = { commits: StoredCommit[]; seq: number; version: number; fromCache: boolean };

/**
 * Most streams hold a few commits, read one by one by `_id` (the cheapest query on FerretDB); past these, the rest of a
 * long stream (a conversation) is read in one query.
 */
const COMMITS_READ_SINGLY = 8;
const LAST_SEQ = 9_999_999_999;

/**
 * Streams on MongoDB or FerretDB with single-document writes only. An append prepares its commit at the stream's next
 * seq and hands it to the group commit (group-commit.ts), which writes it with every other append waiting at that
 * moment: announced in the inbox, inserted in its stream's bucket (the compare-and-set), confirmed afterwards.
 */
export class MongoEventStore implements EventStore {
  private readonly cache = new StreamCache(10_000);
  private readonly groupCommit: GroupCommit;

  constructor(
    private readonly db: Db,
    private readonly catalog: EventCatalog,
    onAppended: () => void = () => undefined,
  ) {
    this.groupCommit = new GroupCommit(db, onAppended);
  }

  async readStream(streamId: string, freshness: ReadFreshness = 'latest'): Promise<StreamSnapshot> {
    const { commits, version, fromCache } = await this.load(streamId, freshness);
    return {
      events: commits.flatMap((commit) => recordedEventsOf(this.catalog, commit, 0)),
      version,
      commitIds: new Set(commits.map((commit) => commit.commitId)),
      fromCache,
    };
  }

  async appendToStream(streamId: string, events: readonly Event[], options: AppendOptions): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const stream = await this.load(streamId, attempt === 1 ? 'cached' : 'latest');
      try {
        return await this.tryAppend(streamId, stream, events, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        // A conflict met on the cached stream may only show that the cache was behind: the store is asked before it counts.
        const again = options.expectedVersion === 'any' ? attempt < MAX_ANY_VERSION_ATTEMPTS : stream.fromCache;
        if (!again) throw error;
      }
    }
  }

  /** Resolves when every append made so far is written and confirmed (for shutdown and tests). */
  settled(): Promise<void> {
    return this.groupCommit.settled();
  }

  private async tryAppend(streamId: string, stream: Loaded, events: readonly Event[], options: AppendOptions): Promise<AppendResult> {
    const earlier = stream.commits.find((commit) => commit.commitId === options.commitId);
    if (earlier) return this.resultOf(earlier, true);
    checkExpectedVersion(streamId, options.expectedVersion, stream.version);
    if (events.length === 0) return { commitId: options.commitId, nextExpectedVersion: stream.version, events: [], alreadyApplied: false };

    const body = this.commitOf(streamId, stream, events, options);
    const commit: StoredCommit = { _id: commitKey(streamId, body.seq), ...body };
    if ((await this.groupCommit.write(commit)) === 'conflict') {
      throw new ConcurrencyError(streamId, String(options.expectedVersion), `a newer commit than version ${stream.version}`);
    }
    this.remember(streamId, commit);
    return this.resultOf(commit, false);
  }

  private commitOf(streamId: string, stream: Loaded, events: readonly Event[], options: AppendOptions): CommitBody {
    return {
      streamId,
      seq: stream.seq + 1,
      commitId: options.commitId,
      fromVersion: stream.version + 1,
      toVersion: stream.version + events.length,
      events: events.map((event) => {
        const encoded = this.catalog.encode(event);
        return { eventId: randomUUID(), type: encoded.type, schemaVersion: encoded.schemaVersion, data: JSON.stringify(encoded.data) };
      }),
      occurredAt: options.occurredAt,
      actorId: options.actorId,
      correlationId: options.correlationId,
      causationId: options.causationId,
    };
  }

  private resultOf(commit: StoredCommit, alreadyApplied: boolean): AppendResult {
    return {
      commitId: commit.commitId,
      nextExpectedVersion: commit.toVersion,
      events: recordedEventsOf(this.catalog, commit, 0),
      alreadyApplied,
    };
  }

  /** The commit just written extends the cached prefix, so the next append to the stream need not read it back. */
  private remember(streamId: string, commit: StoredCommit): void {
    const prefix = this.cache.get(streamId) ?? [];
    if (prefix.length === commit.seq - 1) this.cache.set(streamId, [...prefix, commit]);
  }

  /**
   * `cached`: the commits this process knows, when it knows the stream (possibly behind the store). `latest`: the cached
   * prefix, then the next commits read one `_id` at a time until one is missing.
   */
  private async load(streamId: string, freshness: ReadFreshness): Promise<Loaded> {
    const cached = this.cache.get(streamId);
    if (freshness === 'cached' && cached) return loaded(cached, true);
    const bucket = bucketOf(this.db, streamId);
    const commits = [...(cached ?? [])];
    for (let readSingly = 0; ; readSingly++) {
      if (readSingly === COMMITS_READ_SINGLY) commits.push(...(await commitsAfter(bucket, streamId, commits.length)));
      const next = await bucket.findOne({ _id: commitKey(streamId, commits.length + 1) });
      if (!next) break;
      commits.push(next);
    }
    this.cache.set(streamId, commits);
    return loaded(commits, false);
  }
}

const loaded = (commits: readonly StoredCommit[], fromCache: boolean): Loaded => ({
  commits: commits.filter((commit) => !commit.void),
  seq: commits.length,
  version: commits.at(-1)?.toVersion ?? 0,
  fromCache,
});

/**
 * The commits that follow `seq` without a gap, in one query. FerretDB scans a bucket for every query (it pushes down a
 * lone `_id` equality, not a range), so n reads by `_id` would scan it n times; this scans it once. A read by `_id`
 * after it still finds a commit appended meanwhile.
 */
const commitsAfter = async (bucket: Collection<StoredCommit>, streamId: string, seq: number): Promise<StoredCommit[]> => {
  const found = await bucket.find({ _id: { $gt: commitKey(streamId, seq), $lte: commitKey(streamId, LAST_SEQ) } }).toArray();
  const bySeq = new Map(found.filter((commit) => commit.streamId === streamId).map((commit) => [commit.seq, commit]));
  const following: StoredCommit[] = [];
  for (let next = seq + 1; bySeq.has(next); next++) following.push(bySeq.get(next)!);
  return following;
};

const checkExpectedVersion = (streamId: string, expected: ExpectedVersion, actual: number): void => {
  const ok = expected === 'any' || (expected === 'no_stream' && actual === 0) || (expected === 'stream_exists' && actual > 0) || expected === actual;
  if (!ok) throw new ConcurrencyError(streamId, String(expected), String(actual));
};
