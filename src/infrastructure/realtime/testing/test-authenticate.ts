import type { SocketCredentials, SocketIdentity } from '../handshake-auth';

const userOf = (credential: string | undefined): string | null => /^user-([\w-]+)$/.exec(credential ?? '')?.[1] ?? null;

/** The tests' credentials: `user-<id>` as the auth token, a bearer token, or the `session` cookie (one session per user). */
export const testAuthenticate = async ({ authToken, authorizationHeader, cookieHeader }: SocketCredentials): Promise<SocketIdentity | null> => {
  if (authToken === 'unverifiable') throw new Error('the revocations cannot be read right now');
  const userId =
    userOf(authToken) ?? userOf(/^Bearer (.+)$/.exec(authorizationHeader ?? '')?.[1]) ?? userOf(/(?:^|;\s*)session=([^;]+)/.exec(cookieHeader ?? '')?.[1]);
  return userId === null ? null : { userId, sessionId: `session-of-${userId}`, expiresAt: new Date(Date.now() + 60 * 60 * 1000) };
};

export const testDisplayNamesOf = async (userIds: readonly string[]): Promise<string[]> => userIds.map((userId) => `name-of-${userId}`);

/** No blocks between the test users. */
export const testHiddenUsersOf = async (userIds: readonly string[]): Promise<Array<ReadonlySet<string>>> => userIds.map(() => new Set<string>());
