import type { Redis } from 'ioredis';
import type { ReadModels } from '@application/shared/read-models';
import type { Write, WriteTracker } from '@application/shared/write-tracker';

const TTL_SECONDS = 300;

export const commitPositionKey = (commitId: string): string => `es:commit-position:${commitId}`;
const lastWriteKey = (userId: string): string => `rw:last-write:${userId}`;

export class RedisWriteTracker implements WriteTracker {
  constructor(
    private readonly redis: Redis,
    private readonly readModels: ReadModels,
  ) {}

  /** Remembers where each commit landed in the log (the sequencer tells), so a user's next query can wait for it. */
  async commitsSequenced(commits: ReadonlyArray<{ commitId: string; lastPosition: number }>): Promise<void> {
    if (commits.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const commit of commits) pipeline.set(commitPositionKey(commit.commitId), commit.lastPosition, 'EX', TTL_SECONDS);
    await pipeline.exec();
  }

  async recordWrites(userId: string, writes: readonly Write[]): Promise<void> {
    const last = writes.filter((write) => write.events.length > 0).at(-1);
    if (last) await this.redis.set(lastWriteKey(userId), last.commitId, 'EX', TTL_SECONDS);
  }

  async waitForOwnWrites(userId: string, projectionNames: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const commitId = await this.redis.get(lastWriteKey(userId));
    if (!commitId) return;
    let position: string | null = null;
    while ((position = await this.redis.get(commitPositionKey(commitId))) === null) {
      if (Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await this.readModels.waitForPosition(projectionNames, Number(position), Math.max(0, deadline - Date.now()));
  }
}
