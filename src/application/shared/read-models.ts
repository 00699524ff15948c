/**
 * Read access to one projection's current generation, by the logical keys its handlers write. A view reads the
 * generation that was active when it was first used: take a new view per query.
 */
export interface ReadModelView {
  value(key: string): Promise<string | null>;
  hash(key: string): Promise<Record<string, string> | null>;
  hashes(keys: readonly string[]): Promise<Array<Record<string, string> | null>>;
  /** Chosen fields of a hash, null for those it does not have. */
  hashFields(key: string, fields: readonly string[]): Promise<Array<string | null>>;
  setMembers(key: string): Promise<string[]>;
  setHas(key: string, member: string): Promise<boolean>;
  setSize(key: string): Promise<number>;
  /** Sizes of several sets in one round trip. */
  setSizes(keys: readonly string[]): Promise<number[]>;
  /** Members by rank, highest score first when `reverse`; `stop` is inclusive, as in Redis. */
  sortedRange(key: string, start: number, stop: number, options?: { reverse?: boolean }): Promise<string[]>;
  /** Members with a score in [min, max] (either may be infinite), highest first when `reverse`, skipping `offset` of them. */
  sortedRangeByScore(
    key: string,
    min: number,
    max: number,
    options?: { reverse?: boolean; offset?: number; limit?: number },
  ): Promise<Array<{ member: string; score: number }>>;
  sortedSize(key: string): Promise<number>;
  /** Sizes of several sorted sets in one round trip. */
  sortedSizes(keys: readonly string[]): Promise<number[]>;
  listRange(key: string, start: number, stop: number): Promise<string[]>;
}

export interface ReadModels {
  view(projectionName: string): ReadModelView;
  /** True while the projection's model is being rebuilt from empty (first start, or Redis lost everything). */
  isRecovering(projectionName: string): Promise<boolean>;
  /**
   * Read-your-writes: resolves true once every named projection has applied the global position, or false when
   * `timeoutMs` ran out first (the caller then serves what is there).
   */
  waitForPosition(projectionNames: readonly string[], position: number, timeoutMs: number): Promise<boolean>;
}
