import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Event } from '@domain/shared';
import { ConcurrencyError } from '@application/shared/errors';
import type { EventCatalog } from '@application/shared/event-catalog';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, StreamSnapshot } from '@application/shared/event-store';
import { recordedEventsOf } from './recorded-events';
import { StreamCache } from './stream-cache';
import { isDuplicateKey } from '../mongo/duplicate-key';
import { bucketOf, commitKey, INBOX, type CommitBody, type InboxEntry, type StoredCommit } from './storage-layout';

/*
 * A writer that just appended starts its next append one round trip ahead of one that must first read that commit,
 * so on a stream two writers hammer, the loser may lose many times in a row: `any` allows many attempts. (The product
 * keeps hot streams out of its design; only tests and benchmarks append with `any`.)
 */
const MAX_ANY_VERSION_ATTEMPTS = 100;

type Loaded = { commits: StoredCommit[]; seq: number; version: number };

/**
 * Most streams hold a few commits, read one by one by `_id` (the cheapest query on FerretDB); past these, the rest of a
 * long stream (a conversation) is read in one query.
 */
const COMMITS_READ_SINGLY = 8;
const LAST_SEQ = 9_999_999_999;

/**
 * Streams on MongoDB or FerretDB with single-document writes only. An append is:
 * 1. insert an inbox entry keyed by the commit key: two writers racing for the same seq collide here;
 * 2. insert the commit into its stream bucket, keyed the same way: the durable compare-and-set;
 * 3. confirm the inbox entry, which lets the sequencer put it in the global log at once.
 * A crash between the steps leaves an unconfirmed entry, which the sequencer resolves (see sequencer.ts).
 */
export class MongoEventStore implements EventStore {
  private readonly cache = new StreamCache(10_000);

  constructor(
    private readonly db: Db,
    private readonly catalog: EventCatalog,
    private readonly onAppended: () => void = () => undefined,
  ) {}

  async readStream(streamId: string): Promise<StreamSnapshot> {
    const { commits, version } = await this.load(streamId);
    return {
      events: commits.flatMap((commit) => recordedEventsOf(this.catalog, commit, 0)),
      version,
      commitIds: new Set(commits.map((commit) => commit.commitId)),
    };
  }

  async appendToStream(streamId: string, events: readonly Event[], options: AppendOptions): Promise<AppendResult> {
    const attempts = options.expectedVersion === 'any' ? MAX_ANY_VERSION_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryAppend(streamId, events, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      }
    }
  }

  private async tryAppend(streamId: string, events: readonly Event[], options: AppendOptions): Promise<AppendResult> {
    const stream = await this.load(streamId);
    const earlier = stream.commits.find((commit) => commit.commitId === options.commitId);
    if (earlier) return this.resultOf(earlier, true);
    checkExpectedVersion(streamId, options.expectedVersion, stream.version);
    if (events.length === 0) return { commitId: options.commitId, nextExpectedVersion: stream.version, events: [], alreadyApplied: false };

    const commit = this.commitOf(streamId, stream, events, options);
    const key = commitKey(streamId, commit.seq);
    const conflict = () => new ConcurrencyError(streamId, String(options.expectedVersion), `a newer commit than version ${stream.version}`);
    const inbox = this.db.collection<InboxEntry>(INBOX);
    try {
      await inbox.insertOne({ _id: key, commit, confirmed: false, createdAt: Date.now() });
    } catch (error) {
      if (isDuplicateKey(error)) throw conflict();
      throw error;
    }
    try {
      await bucketOf(this.db, streamId).insertOne({ _id: key, ...commit });
    } catch (error) {
      // Only a duplicate key proves the commit is not there (another commit, or a void, holds the key). Any other error
      // may hide an insert that did land: the entry then stays, unconfirmed, for the sequencer to resolve.
      if (!isDuplicateKey(error)) throw error;
      await inbox.deleteOne({ _id: key, 'commit.commitId': commit.commitId });
      throw conflict();
    }
    await inbox.updateOne({ _id: key }, { $set: { confirmed: true } });
    this.remember(streamId, { _id: key, ...commit });
    this.onAppended();
    return this.resultOf({ _id: key, ...commit }, false);
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
    const prefix = this.cache.get(streamId);
    if (prefix.length === commit.seq - 1) this.cache.set(streamId, [...prefix, commit]);
  }

  /** The cached prefix of the stream, then its next commits read one `_id` at a time until one is missing. */
  private async load(streamId: string): Promise<Loaded> {
    const bucket = bucketOf(this.db, streamId);
    const commits = [...this.cache.get(streamId)];
    for (let readSingly = 0; ; readSingly++) {
      if (readSingly === COMMITS_READ_SINGLY) commits.push(...(await commitsAfter(bucket, streamId, commits.length)));
      const next = await bucket.findOne({ _id: commitKey(streamId, commits.length + 1) });
      if (!next) break;
      commits.push(next);
    }
    this.cache.set(streamId, commits);
    const last = commits.at(-1);
    return { commits: commits.filter((commit) => !commit.void), seq: commits.length, version: last ? last.toVersion : 0 };
  }
}

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
