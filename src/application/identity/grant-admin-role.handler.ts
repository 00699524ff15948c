import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, AccountNotFound, usernames } from '@domain/identity';
import { handleCommand, loadState } from '@application/shared/handle-command';
import type { SharedDependencies } from '@application/shared/dependencies';

/** For operators (the CLI): makes the user with this username an admin. Returns the user id. */
export const grantAdminRole = async (
  { store }: Pick<SharedDependencies, 'store'>,
  { username }: { username: string },
  metadata: CommandMetadata,
): Promise<string> => {
  const reservation = await loadState(store, usernames.decider, usernames.streamId(username));
  if (reservation.status !== 'reserved') throw new AccountNotFound();
  await handleCommand(store, accountDecider, accountStreamId(reservation.userId), { type: 'GrantAdminRole', data: { userId: reservation.userId }, metadata });
  return reservation.userId;
};
