import { NotFoundError } from '@domain/shared';
import { accountDecider, accountStreamId } from '@domain/identity';
import type { EventStore } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';

/** For commands that target another user: that user must exist (read from the write side, never stale). */
export const assertUserExists = async (store: EventStore, userId: string): Promise<void> => {
  const account = await loadState(store, accountDecider, accountStreamId(userId));
  if (account.status !== 'active') throw new NotFoundError('User not found');
};
