import type { CommandMetadata } from '@domain/shared';
import { sessionDecider, sessionStreamId } from '@domain/identity';
import { handleCommand } from '@application/shared/handle-command';
import type { IdentityDependencies } from './identity-dependencies';

/** Ends the session of a genuine token, so that token stops working everywhere; anything else has nothing to end. */
export const signOut = async (deps: IdentityDependencies, token: string | null, metadata: CommandMetadata): Promise<void> => {
  const claims = token ? deps.sessionTokens.verify(token) : null;
  if (!claims) return;
  await handleCommand(deps.store, sessionDecider, sessionStreamId(claims.sessionId), { type: 'EndSession', data: { sessionId: claims.sessionId }, metadata });
};
