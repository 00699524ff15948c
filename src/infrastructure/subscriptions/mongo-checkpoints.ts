import type { Db } from 'mongodb';
import { isDuplicateKey } from '../mongo/duplicate-key';
import type { CheckpointStore, CommitOutcome } from './subscription';

type CheckpointDocument = { _id: string; position: number; updatedAt: Date };

/**
 * Checkpoints of consumers with side effects (policies), kept in MongoDB: if Redis loses everything, they neither
 * repeat past side effects nor stop. A commit is a compare-and-set on the position, so it holds even if Redis (and
 * with it the lease and its fencing counter) was lost: a runner that fell behind another can never move it back.
 */
export class MongoCheckpoints implements CheckpointStore<unknown> {
  constructor(
    private readonly db: Db,
    private readonly consumer: string,
  ) {}

  async read(): Promise<number | null> {
    return (await this.collection().findOne({ _id: this.consumer }))?.position ?? null;
  }

  async start(position: number): Promise<number | null> {
    try {
      await this.collection().insertOne({ _id: this.consumer, position, updatedAt: new Date() });
      return position;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return this.read();
    }
  }

  async commit(from: number, to: number): Promise<CommitOutcome> {
    const result = await this.collection().updateOne({ _id: this.consumer, position: from }, { $set: { position: to, updatedAt: new Date() } });
    return result.matchedCount === 1 ? 'committed' : 'checkpoint-moved';
  }

  private collection() {
    return this.db.collection<CheckpointDocument>('policy_checkpoints');
  }
}
