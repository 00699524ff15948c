import type { Actor } from '@application/identity/authenticate';
import type { AuthenticateSocket, SocketCredentials } from '@application/shared/realtime';
import { SESSION_COOKIE } from '../http/middleware/authentication';

const cookieValue = (header: string | undefined, name: string): string | null => {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
};

/** The socket handshake is checked like a REST request: the session cookie, a bearer header, or `auth.token`. */
export const socketAuthentication =
  (authenticate: (token: string | null) => Promise<Actor | null>): AuthenticateSocket =>
  async (credentials: SocketCredentials) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorizationHeader ?? '')?.[1];
    const token = bearer ?? credentials.authToken ?? cookieValue(credentials.cookieHeader, SESSION_COOKIE);
    const actor = await authenticate(token);
    return actor ? { userId: actor.userId, sessionId: actor.sessionId, expiresAt: actor.sessionExpiresAt } : null;
  };
