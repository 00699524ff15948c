import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../mongo/duplicate-key';
import { systemClock, type Clock } from '@application/shared/clock';
import type { EmailClaim, SentEmails } from '@application/shared/email';

/**
 * One claim of an e-mail job, by one run: the run's claims are numbered 0, 1, 2, … and a run claims by inserting the
 * next number. Only the run that inserted a claim ever changes it (`sending` → `sent` or `released`). Claims written
 * before claims had a `status` hold only `_id` and `claimedAt`: they were made before sending, and count as sent.
 */
type ClaimDocument = {
  _id: string;
  status?: 'sending' | 'sent' | 'released';
  /** BullMQ's attempt number of the run that claimed (a job restarted after a stall keeps its attempt number). */
  attempt?: number;
  claimedAt: Date;
  messageId?: string;
  sentAt?: Date;
  /** This claim replaced one left `sending` by a run presumed dead. */
  takeover?: boolean;
};

export type MongoSentEmailsOptions = Readonly<{
  /**
   * A claim `sending` for this long belongs to a run that died, and the next run takes it over and sends. Clearly
   * longer than a send takes; a live run cannot be overtaken meanwhile, since BullMQ gives a job to another run only
   * once the first one's lock expired.
   */
  takeoverAfterMs: number;
}>;

export const defaultMongoSentEmailsOptions: MongoSentEmailsOptions = { takeoverAfterMs: 60_000 };

/** A job whose claims keep changing under this caller is reported busy, to be looked at again shortly. */
const MAX_TRIES = 5;
const RETRY_SOON_MS = 50;

/**
 * Claims in MongoDB, so that they outlive Redis. Every write is one single-document write and every read is by
 * `_id`, the one lookup FerretDB does well. Exclusivity comes from inserts only: FerretDB 1.24 runs a conditional
 * update as a read and a write, so two concurrent `updateOne({ _id, holder })` can both match (measured: up to 5 of
 * 10), while an insert of an existing `_id` always fails. So every claim is an insert: a job's first claim has the
 * job id as `_id` in `sent_emails` (the usual path is that insert and its update to `sent`, no read); a claim taken
 * over or made again after a release is claim number n ≥ 1, `<n>:<job id>` in `sent_email_reclaims`, a collection
 * that stays small. Of two runs that take over claim n, only one inserts claim n + 1. The holder of a claim is its
 * `_id`, and only the holder updates it, by `_id` alone.
 */
export class MongoSentEmails implements SentEmails {
  private readonly firstClaims: Collection<ClaimDocument>;
  private readonly reclaims: Collection<ClaimDocument>;
  private readonly options: MongoSentEmailsOptions;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
    options: Partial<MongoSentEmailsOptions> = {},
  ) {
    this.firstClaims = db.collection<ClaimDocument>('sent_emails');
    this.reclaims = db.collection<ClaimDocument>('sent_email_reclaims');
    this.options = { ...defaultMongoSentEmailsOptions, ...options };
  }

  async claim(jobId: string, { messageId, attempt }: Readonly<{ messageId: string; attempt: number }>): Promise<EmailClaim> {
    /** The job's claims known so far, from number 0 on: none at first, since the usual first claim needs no read. */
    const claims: ClaimDocument[] = [];
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const next = claims.length;
      const last = claims.at(-1);
      if (claims.some((claim) => claim.status !== 'sending' && claim.status !== 'released')) return { status: 'sent' };
      const now = this.clock.now();
      if (last?.status === 'sending') {
        const age = now.getTime() - last.claimedAt.getTime();
        if (age < this.options.takeoverAfterMs) return { status: 'busy', retryInMs: this.options.takeoverAfterMs - age };
      }
      // None yet, or the last one was given back or left by a run that died: claim number `next`. The message the dead
      // run may have sent is sent again as the same message.
      const claim = {
        _id: this.claimId(jobId, next),
        status: 'sending',
        attempt,
        claimedAt: now,
        messageId: last?.messageId ?? messageId,
        ...(last?.status === 'sending' ? { takeover: true } : {}),
      } satisfies ClaimDocument;
      if (await this.insert(next, claim)) return { status: 'claimed', holder: claim._id, messageId: claim.messageId };
      // Another run inserted claim `next` first: read it (and any after it) and decide again.
      claims.push(...(await this.claimsFrom(jobId, next)));
    }
    return { status: 'busy', retryInMs: RETRY_SOON_MS };
  }

  /** Records the holder's send. A run presumed dead that marks its claim sent all the same tells the truth: it sent. */
  async markSent(jobId: string, holder: string): Promise<void> {
    await this.collectionOf(holder, jobId).updateOne({ _id: holder }, { $set: { status: 'sent', sentAt: this.clock.now() } });
  }

  async release(jobId: string, holder: string): Promise<void> {
    await this.collectionOf(holder, jobId).updateOne({ _id: holder }, { $set: { status: 'released' } });
  }

  /** The job's claims numbered `from` on, read by `_id` one after the other until one is missing. */
  private async claimsFrom(jobId: string, from: number): Promise<ClaimDocument[]> {
    const claims: ClaimDocument[] = [];
    for (let n = from; ; n++) {
      const claim = await (n === 0 ? this.firstClaims : this.reclaims).findOne({ _id: this.claimId(jobId, n) });
      if (claim === null) return claims;
      claims.push(claim);
    }
  }

  private async insert(n: number, claim: ClaimDocument): Promise<boolean> {
    try {
      await (n === 0 ? this.firstClaims : this.reclaims).insertOne(claim);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private claimId(jobId: string, n: number): string {
    return n === 0 ? jobId : `${n}:${jobId}`;
  }

  private collectionOf(holder: string, jobId: string): Collection<ClaimDocument> {
    return holder === jobId ? this.firstClaims : this.reclaims;
  }
}
