import type { EventStore } from '@application/shared/event-store';
import type { ReadModels } from '@application/shared/read-models';
import type { SessionTokens } from './ports';
import { sessionRevocations } from './access.projection';
import { isRevoked, sessionFactsFromStore } from './session-access';

export type Actor = Readonly<{ userId: string; sessionId: string; sessionExpiresAt: Date }>;

/**
 * The user behind a session token, or null when the token is forged, expired, signed out or outdated by a password
 * change. The revocations come from the access read model (Redis, no database read); while that model is rebuilt
 * from empty (first start, Redis lost everything) they come from the session and account streams instead, so a
 * rebuild neither lets a revoked token through nor turns signed-in users away.
 */
export const authenticate = async (
  deps: { sessionTokens: SessionTokens; readModels: ReadModels; store: EventStore },
  token: string | null,
): Promise<Actor | null> => {
  const claims = token ? deps.sessionTokens.verify(token) : null;
  if (!claims) return null;
  const facts = (await sessionRevocations.run(deps.readModels, claims)) ?? (await sessionFactsFromStore(deps.store, claims));
  return isRevoked(claims, facts) ? null : { userId: claims.userId, sessionId: claims.sessionId, sessionExpiresAt: claims.expiresAt };
};
