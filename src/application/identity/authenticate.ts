import { ServiceUnavailableError } from '@application/shared/errors';
import type { ReadModels } from '@application/shared/read-models';
import type { SessionTokens } from './ports';
import { sessionRevocations } from './access.projection';

export type Actor = Readonly<{ userId: string; sessionId: string; sessionExpiresAt: Date }>;

/** The user behind a session token, or null when the token is forged, expired, signed out or outdated by a password change. */
export const authenticate = async (deps: { sessionTokens: SessionTokens; readModels: ReadModels }, token: string | null): Promise<Actor | null> => {
  const claims = token ? deps.sessionTokens.verify(token) : null;
  if (!claims) return null;
  const { recovering, endedAt, credentials } = await sessionRevocations.run(deps.readModels, claims);
  // While the revocations are being rebuilt, a signed-out or outdated token would pass: fail closed instead.
  if (recovering) throw new ServiceUnavailableError('The service is starting up. Try again in a moment.');
  if (endedAt !== null) return null;
  const outdated = credentials && claims.issuedAt.getTime() < Date.parse(credentials.changedAt!) && credentials.keptSessionId !== claims.sessionId;
  return outdated ? null : { userId: claims.userId, sessionId: claims.sessionId, sessionExpiresAt: claims.expiresAt };
};
