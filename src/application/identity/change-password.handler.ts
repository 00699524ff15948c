import { foldEvents, type CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, AccountNotFound, type AccountEvent } from '@domain/identity';
import type { RecordedEvent } from '@application/shared/event-store';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';
import type { IdentityDependencies } from './identity-dependencies';

export type ChangePasswordInput = Readonly<{ userId: string; sessionId: string; currentPassword: string; newPassword: string }>;

/**
 * A signed-in user sets a new password after proving the current one. The session that asked is kept; every other
 * session of the user ends (authentication reads the change from the access projection); a policy mails the
 * confirmation. A retried request (same command id) returns the first result instead of checking the old password,
 * which by then is no longer current.
 */
export const changePassword = async (
  deps: Pick<IdentityDependencies, 'store' | 'hasher'>,
  input: ChangePasswordInput,
  metadata: CommandMetadata,
): Promise<CommandResult<AccountEvent>> => {
  const streamId = accountStreamId(input.userId);
  const stream = await deps.store.readStream(streamId);
  if (!stream.commitIds.has(metadata.commandId)) {
    const account = foldEvents(accountDecider, stream.events as RecordedEvent<AccountEvent>[]);
    if (account.status !== 'active' || !(await deps.hasher.verify(input.currentPassword, account.passwordHash))) throw new AccountNotFound();
  }
  return handleCommand(deps.store, accountDecider, streamId, {
    type: 'ChangePassword',
    data: { userId: input.userId, passwordHash: await deps.hasher.hash(input.newPassword), keptSessionId: input.sessionId, reason: 'change' },
    metadata,
  });
};
