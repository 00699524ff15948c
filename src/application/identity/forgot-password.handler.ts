import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, emails, passwordResetDecider, passwordResetStreamId, RESET_TOKEN_LIFETIME_MS } from '@domain/identity';
import { handleCommand, loadState } from '@application/shared/handle-command';
import type { IdentityDependencies } from './identity-dependencies';

/**
 * Issues a reset token for a known address; the e-mail is sent by a policy. An unknown address gets the same
 * answer and nothing happens, so the route does not reveal who has an account.
 */
export const forgotPassword = async (deps: IdentityDependencies, input: { email: string }, metadata: CommandMetadata): Promise<void> => {
  const reservation = await loadState(deps.store, emails.decider, emails.streamId(input.email));
  if (reservation.status !== 'reserved') return;
  const account = await loadState(deps.store, accountDecider, accountStreamId(reservation.userId));
  if (account.status !== 'active') return;
  const tokenId = deps.ids.newId();
  await handleCommand(deps.store, passwordResetDecider, passwordResetStreamId(tokenId), {
    type: 'RequestPasswordReset',
    data: {
      tokenId,
      userId: account.userId,
      email: account.email,
      username: account.username,
      expiresAt: new Date(metadata.now.getTime() + RESET_TOKEN_LIFETIME_MS),
    },
    metadata,
  });
};
