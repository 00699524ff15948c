/**
 * Read-your-writes: after a command, its commits are recorded for the user; before a query, the user's last commit
 * is awaited (bounded) in the projections the query reads.
 */
/** What a command handler returns, as far as read-your-writes is concerned. */
export type Write = Readonly<{ commitId: string; events: readonly unknown[] }>;

export interface WriteTracker {
  /** Remembers the user's last write; a command that wrote nothing is skipped (there is nothing to wait for). */
  recordWrites(userId: string, writes: readonly Write[]): Promise<void>;
  /** Resolves when the projections have applied the user's last recorded write, or when `timeoutMs` has passed. */
  waitForOwnWrites(userId: string, projectionNames: readonly string[], timeoutMs: number): Promise<void>;
}
