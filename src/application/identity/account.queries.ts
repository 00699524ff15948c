import { NotFoundError } from '@domain/shared';
import { accountDecider, accountStreamId } from '@domain/identity';
import type { EventStore } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';

/** For commands that target another user: that user must exist (read from the write side, never stale). */
export const assertUserExists = async (store: EventStore, userId: string): Promise<void> => {
  const account = await loadState(store, accountDecider, accountStreamId(userId));
  if (account.status !== 'active') throw new NotFoundError('User not found');
};

/**
 * Usernames from the accounts' streams, null for an unknown user: for the few users a read model does not show yet
 * (it lags behind a sign-up under load): a few users at a time, never a whole list.
 */
export const usernamesFromAccounts = (store: EventStore, userIds: readonly string[]): Promise<Array<string | null>> =>
  Promise.all(
    userIds.map(async (userId) => {
      const account = await loadState(store, accountDecider, accountStreamId(userId));
      return account.status === 'active' ? account.username : null;
    }),
  );
