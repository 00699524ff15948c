import type { Db } from 'mongodb';
import { Batches, type Pending } from './batches';
import { insertEach, type InsertOutcome } from './insert-each';
import { announcementOf, bucketOf, confirmationMarkId, INBOX, type ConfirmationMark, type InboxEntry, type StoredCommit } from './storage-layout';

export type WriteOutcome = 'written' | 'conflict';

/** Bounds one command's size: commits are small, but a batch of them must stay far below the 16 MB of a message. */
const MAX_COMMITS_PER_GROUP = 500;
const MAX_MARKS_PER_INSERT = 2_000;
/**
 * Confirmations wait this long for others before they are written (nobody waits for them but the sequencer): one
 * writer appending in turn then confirms several commits per command instead of one.
 */
const CONFIRMATION_LINGER_MS = 3;

type PendingCommit = Pending<StoredCommit, WriteOutcome>;

/**
 * Writes commits the way one append used to, for every append waiting at that moment together (group commit):
 * 1. announce them all in the inbox with one `insertMany`: two writers racing for the same commit key collide here;
 * 2. insert each into its stream's bucket (one `insertMany` per bucket): the durable compare-and-set, after which
 *    the append is acknowledged;
 * 3. confirm the announcements with one `insertMany` of confirmation marks, after the acknowledgement and batched in
 *    turn, which lets the sequencer take the commits at once.
 * A crash or a failed confirmation leaves announcements unconfirmed; the sequencer resolves them (see sequencer.ts).
 */
export class GroupCommit {
  private readonly groups = new Batches<StoredCommit, WriteOutcome>((group) => this.writeGroup(group), MAX_COMMITS_PER_GROUP);
  private readonly confirmations = new Batches<StoredCommit, void>((commits) => this.confirm(commits), MAX_MARKS_PER_INSERT, CONFIRMATION_LINGER_MS);

  constructor(
    private readonly db: Db,
    /** Called after confirmations are stored: the sequencer may take the commits. */
    private readonly onConfirmed: () => void,
  ) {}

  /** 'written' once the commit is durable in its stream; 'conflict' when its commit key was taken. */
  write(commit: StoredCommit): Promise<WriteOutcome> {
    return this.groups.add(commit);
  }

  /** Resolves when every commit handed in is written and its confirmation stored (for shutdown and tests). */
  async settled(): Promise<void> {
    await this.groups.idle();
    await this.confirmations.idle();
  }

  private get inbox() {
    return this.db.collection<InboxEntry>(INBOX);
  }

  private async writeGroup(group: readonly PendingCommit[]): Promise<void> {
    const createdAt = Date.now();
    const announced = await insertEach(
      this.inbox,
      group.map(({ item: { _id, ...commit } }) => ({ _id, commit, confirmed: false, createdAt })),
    );
    const byBucket = new Map<string, PendingCommit[]>();
    group.forEach((pending, index) => {
      const outcome = announced[index]!;
      if (outcome.status === 'duplicate') return pending.resolve('conflict');
      if (outcome.status === 'failed') return pending.reject(outcome.error); // the entry may exist: the sequencer resolves it
      const bucket = bucketOf(this.db, pending.item.streamId).collectionName;
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), pending]);
    });
    // One bucket after the other: FerretDB's SQLite handler writes one transaction at a time, and concurrent writes only
    // wait on each other's locks (16 writers got 0.16 of raw inserts with the buckets written side by side, 0.24 in turn).
    const written: StoredCommit[][] = [];
    for (const inBucket of byBucket.values()) written.push(await this.writeToBucket(inBucket));
    for (const commit of written.flat()) this.confirmations.add(commit).catch(() => undefined); // see confirm()
  }

  /** Settles each commit as soon as its bucket answers; returns those written. */
  private async writeToBucket(group: readonly PendingCommit[]): Promise<StoredCommit[]> {
    const outcomes = await insertEach(
      bucketOf(this.db, group[0]!.item.streamId),
      group.map(({ item }) => item),
    );
    const written = await Promise.all(group.map((pending, index) => this.settleWrite(pending, outcomes[index]!)));
    return group.filter((_, index) => written[index]).map(({ item }) => item);
  }

  /** True when the commit was written. */
  private async settleWrite(pending: PendingCommit, outcome: InsertOutcome): Promise<boolean> {
    const { _id: key, commitId } = pending.item;
    if (outcome.status === 'inserted') {
      pending.resolve('written');
      return true;
    }
    // Only a duplicate key proves the commit is not there (another commit, or a void, holds the key). Any other error
    // may hide an insert that did land: the entry then stays, unconfirmed, for the sequencer to resolve.
    if (outcome.status === 'failed') {
      pending.reject(outcome.error);
      return false;
    }
    try {
      await this.inbox.deleteOne({ _id: key, 'commit.commitId': commitId });
      pending.resolve('conflict');
    } catch (error) {
      pending.reject(error);
    }
    return false;
  }

  private async confirm(commits: ReadonlyArray<Pending<StoredCommit, void>>): Promise<void> {
    const marks = this.db.collection<ConfirmationMark>(INBOX);
    // A mark that fails is no loss: the sequencer finds its commit in its bucket once its grace period is over.
    await insertEach(
      marks,
      commits.map(({ item }) => ({ _id: confirmationMarkId(item._id), confirms: item._id, announcement: announcementOf(item) })),
    );
    this.onConfirmed();
    for (const commit of commits) commit.resolve();
  }
}
