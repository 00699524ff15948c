import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, passwordResetDecider, passwordResetStreamId, ResetTokenInvalid } from '@domain/identity';
import { handleCommand, loadState } from '@application/shared/handle-command';
import type { IdentityDependencies } from './identity-dependencies';

/**
 * Uses the token first (an append that expects the token unused, so two concurrent resets cannot both pass; a link
 * asked for before the password last changed is refused), then sets the new password, which ends every session.
 */
export const resetPassword = async (deps: IdentityDependencies, input: { token: string; password: string }, metadata: CommandMetadata): Promise<void> => {
  const tokenId = deps.resetTokens.tokenIdOf(input.token);
  if (!tokenId) throw new ResetTokenInvalid();
  const token = await loadState(deps.store, passwordResetDecider, passwordResetStreamId(tokenId));
  const account = token.status === 'none' ? null : await loadState(deps.store, accountDecider, accountStreamId(token.userId));
  const used = await handleCommand(deps.store, passwordResetDecider, passwordResetStreamId(tokenId), {
    type: 'UsePasswordResetToken',
    data: { tokenId, passwordChangedAt: account?.status === 'active' ? account.passwordChangedAt : null },
    metadata: { ...metadata, commandId: `${metadata.commandId}:token` },
  });
  const usedEvent = used.events.find((event) => event.type === 'PasswordResetTokenUsed');
  if (!usedEvent) throw new ResetTokenInvalid();
  const userId = usedEvent.data.userId;
  await handleCommand(deps.store, accountDecider, accountStreamId(userId), {
    type: 'ChangePassword',
    data: { userId, passwordHash: await deps.hasher.hash(input.password), keptSessionId: null, reason: 'reset' },
    metadata: { ...metadata, commandId: `${metadata.commandId}:password` },
  });
};
