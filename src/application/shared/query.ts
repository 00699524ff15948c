import type { ReadModels } from './read-models';

/**
 * A read of the read models, with the projections it reads declared once. Read-your-writes waits for exactly these,
 * realtime projections that re-read them emit after them, and reading any other projection fails at once.
 */
export type Query<Args extends unknown[], Result> = Readonly<{
  reads: readonly string[];
  run: (readModels: ReadModels, ...args: Args) => Promise<Result>;
}>;

export class UndeclaredReadError extends Error {
  constructor(projection: string, declared: readonly string[]) {
    super(`A query read projection ${projection}, which it does not declare (it declares ${declared.join(', ') || 'nothing'}).`);
    this.name = 'UndeclaredReadError';
  }
}

/** The projections of several queries (and names), each once: what a query built from others reads. */
export const readsOf = (...sources: ReadonlyArray<string | { reads: readonly string[] }>): string[] => [
  ...new Set(sources.flatMap((source) => (typeof source === 'string' ? [source] : source.reads))),
];

const declaredOnly = (readModels: ReadModels, reads: readonly string[]): ReadModels => ({
  view: (projection) => {
    if (!reads.includes(projection)) throw new UndeclaredReadError(projection, reads);
    return readModels.view(projection);
  },
  isRecovering: (projection) => readModels.isRecovering(projection),
  waitForPosition: (projections, position, timeoutMs) => readModels.waitForPosition(projections, position, timeoutMs),
});

export const defineQuery = <Args extends unknown[], Result>(
  reads: readonly string[],
  run: (readModels: ReadModels, ...args: Args) => Promise<Result>,
): Query<Args, Result> => ({
  reads,
  run: (readModels, ...args) => run(declaredOnly(readModels, reads), ...args),
});
