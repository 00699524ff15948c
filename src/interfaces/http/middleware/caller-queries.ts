import type { Request } from 'express';
import type { Query } from '@application/shared/query';
import type { ApiDependencies } from '../api-dependencies';
import { actorOf } from './request-context';

/**
 * Runs a query once the caller's own last write has reached the projections the query reads (read-your-writes),
 * bounded by `readYourWritesTimeoutMs`: after that, it serves what is there.
 */
export const queryAsCaller = async <Args extends unknown[], Result>(
  deps: Pick<ApiDependencies, 'readModels' | 'writeTracker' | 'readYourWritesTimeoutMs'>,
  request: Request,
  query: Query<Args, Result>,
  ...args: Args
): Promise<Result> => {
  await deps.writeTracker.waitForOwnWrites(actorOf(request).userId, query.reads, deps.readYourWritesTimeoutMs);
  return query.run(deps.readModels, ...args);
};
