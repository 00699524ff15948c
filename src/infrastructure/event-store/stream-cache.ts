import type { StoredCommit } from './storage-layout';

/**
 * Commits never change once written, so the commits already read of a stream stay valid forever: only what came
 * after them has to be read again. A bounded, least-recently-used map of those prefixes.
 */
export class StreamCache {
  private readonly prefixes = new Map<string, StoredCommit[]>();

  constructor(private readonly maxStreams: number) {}

  get(streamId: string): StoredCommit[] {
    const commits = this.prefixes.get(streamId);
    if (!commits) return [];
    this.prefixes.delete(streamId);
    this.prefixes.set(streamId, commits);
    return commits;
  }

  set(streamId: string, commits: StoredCommit[]): void {
    this.prefixes.delete(streamId);
    this.prefixes.set(streamId, commits);
    if (this.prefixes.size > this.maxStreams) {
      const oldest = this.prefixes.keys().next().value;
      if (oldest !== undefined) this.prefixes.delete(oldest);
    }
  }
}
