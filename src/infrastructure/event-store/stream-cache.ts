import type { StoredCommit } from './storage-layout';

/**
 * Commits never change once written, so the commits already read of a stream stay valid forever: only what came
 * after them has to be read again. A bounded, least-recently-used map of those prefixes (an empty one: the stream had
 * no commit when it was read). A shorter prefix never replaces a longer one (two reads of a stream may end in any order).
 */
export class StreamCache {
  private readonly prefixes = new Map<string, readonly StoredCommit[]>();

  constructor(private readonly maxStreams: number) {}

  get(streamId: string): readonly StoredCommit[] | undefined {
    const commits = this.prefixes.get(streamId);
    if (!commits) return undefined;
    this.prefixes.delete(streamId);
    this.prefixes.set(streamId, commits);
    return commits;
  }

  set(streamId: string, commits: readonly StoredCommit[]): void {
    const known = this.prefixes.get(streamId);
    if (known && known.length > commits.length) return;
    this.prefixes.delete(streamId);
    this.prefixes.set(streamId, commits);
    if (this.prefixes.size > this.maxStreams) {
      const oldest = this.prefixes.keys().next().value;
      if (oldest !== undefined) this.prefixes.delete(oldest);
    }
  }
}
