import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../mongo/duplicate-key';
import { systemClock, type Clock } from '@application/shared/clock';
import type { SentEmails } from '@application/shared/email';

type SentEmailDocument = { _id: string; claimedAt: Date };

/**
 * Claims in MongoDB, so that they outlive Redis. The claim is the insert of the job's id as `_id`: the unique
 * `_id` makes two claims of one job exclusive with a single-document write, and every read is by `_id`, the one
 * index FerretDB uses.
 */
export class MongoSentEmails implements SentEmails {
  private readonly collection: Collection<SentEmailDocument>;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.collection = db.collection<SentEmailDocument>('sent_emails');
  }

  async claim(jobId: string): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: jobId, claimedAt: this.clock.now() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async release(jobId: string): Promise<void> {
    await this.collection.deleteOne({ _id: jobId });
  }
}
