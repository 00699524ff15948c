import { NotFoundError } from '@domain/shared';
import { accountDecider, accountStreamId, usernames, type Account } from '@domain/identity';
import type { EventStore } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';

export type ActiveAccount = Extract<Account, { status: 'active' }>;

/** For commands that target another user: their account, which must exist (read from the write side, never stale). */
export const activeAccountOf = async (store: EventStore, userId: string): Promise<ActiveAccount> => {
  const account = await loadState(store, accountDecider, accountStreamId(userId));
  if (account.status !== 'active') throw new NotFoundError('User not found');
  return account;
};

/** An account, once registered, stays so: what this process already knows of it answers, when it knows it exists. */
export const assertUserExists = async (store: EventStore, userId: string): Promise<void> => {
  if ((await loadState(store, accountDecider, accountStreamId(userId), 'cached')).status === 'active') return;
  await activeAccountOf(store, userId);
};

/** The account registered under a username (in any case), from the write side: found right after sign-up. */
export const accountNamed = async (store: EventStore, username: string): Promise<Account | null> => {
  const reservation = await loadState(store, usernames.decider, usernames.streamId(username));
  return reservation.status === 'reserved' ? loadState(store, accountDecider, accountStreamId(reservation.userId)) : null;
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
