import type { Redis } from 'ioredis';
import { ReplyError } from 'ioredis';
import type { ReadModelWrite } from '@application/shared/projection';
import { startCheckpoint } from '../subscriptions/redis-checkpoints';
import { EffectsRefused, type CheckpointStore, type CommitOutcome } from '../subscriptions/subscription';
import { encodeWrites } from './batch-writes';
import { projectionKeys } from './projection-keys';
import { APPLY_BATCH } from './scripts';

const APPLIED = 1;
const LEASE_LOST = -2;

/**
 * The checkpoint of one generation of a projection, beside its read model: a batch's writes and the checkpoint advance
 * go in one Redis script that also checks the lease token, so a batch is applied entirely or not at all, exactly once.
 */
export class ProjectionCheckpoints implements CheckpointStore<ReadModelWrite[]> {
  private readonly keys: ReturnType<typeof projectionKeys>;

  constructor(
    private readonly redis: Redis,
    projection: string,
    private readonly generation: number,
  ) {
    this.keys = projectionKeys(projection);
  }

  async read(): Promise<number | null> {
    const stored = await this.redis.get(this.keys.checkpoint(this.generation));
    return stored === null ? null : Number(stored);
  }

  start(position: number, token: string): Promise<number | null> {
    return startCheckpoint(this.redis, { lease: this.keys.lease(this.generation).key, checkpoint: this.keys.checkpoint(this.generation) }, position, token);
  }

  async commit(from: number, to: number, effects: ReadonlyArray<ReadModelWrite[]>, token: string): Promise<CommitOutcome> {
    const encoded = encodeWrites(effects.flat(), this.keys.dataPrefix(this.generation));
    let result: unknown;
    try {
      result = await APPLY_BATCH.run(
        this.redis,
        [this.keys.checkpoint(this.generation), this.keys.lease(this.generation).key, ...encoded.keys],
        [String(from), String(to), token, encoded.ops],
      );
    } catch (error) {
      // A key of another type is the batch's fault, and the script wrote nothing; anything else (out of memory, a replica
      // that cannot write) is Redis's, and must not cost the event its attempts.
      if (error instanceof ReplyError && /WRONGTYPE|unknown read-model write/.test((error as Error).message)) throw new EffectsRefused(error);
      throw error;
    }
    if (result === APPLIED) return 'committed';
    return result === LEASE_LOST ? 'lease-lost' : 'checkpoint-moved';
  }
}
