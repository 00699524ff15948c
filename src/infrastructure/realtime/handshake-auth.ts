import type { IncomingMessage } from 'node:http';
import type { AuthenticateSocket as Authenticate, SocketCredentials, SocketIdentity } from '@application/shared/realtime';
import type { RealtimeLogger } from './realtime-logger';
import type { ChattySocket } from './socket-types';

export type { Authenticate, SocketCredentials, SocketIdentity };

const credentialsOf = (socket: ChattySocket): SocketCredentials => {
  const { headers, auth } = socket.handshake;
  const token: unknown = (auth as Record<string, unknown> | undefined)?.token;
  return {
    cookieHeader: headers.cookie,
    authorizationHeader: headers.authorization,
    authToken: typeof token === 'string' ? token : undefined,
  };
};

const identityOf = async (socket: ChattySocket, authenticate: Authenticate, logger: RealtimeLogger): Promise<SocketIdentity | null | 'failed'> => {
  try {
    return await authenticate(credentialsOf(socket));
  } catch (error) {
    logger.error({ err: error }, 'socket handshake authentication failed');
    return 'failed';
  }
};

/**
 * Socket.IO middleware: the user id comes from the handshake only, never from a message the client sends later. A
 * socket without valid credentials is let in as anonymous (it joins no room and receives nothing private): the client
 * opens its socket before anyone signs in and connects again at once after every refusal, so refusing it would make a
 * storm of handshakes. So is one whose credentials could not be checked (a store unreachable for a moment), marked
 * for the server to disconnect a little later, which makes the client try again then.
 */
export const handshakeAuthentication =
  (authenticate: Authenticate, logger: RealtimeLogger) =>
  (socket: ChattySocket, next: (error?: Error) => void): void => {
    // Socket.IO middleware is callback-style: the outcome goes to `next`, and identityOf never rejects.
    void identityOf(socket, authenticate, logger).then((identity) => {
      socket.data.authenticated = identity !== null && identity !== 'failed';
      socket.data.checkFailed = identity === 'failed';
      if (identity === null || identity === 'failed') return next();
      socket.data.userId = identity.userId;
      socket.data.sessionId = identity.sessionId;
      socket.data.expiresAt = identity.expiresAt.getTime();
      return next();
    });
  };

/**
 * Browsers do not apply CORS to WebSocket upgrades, and the session cookie rides along: refusing other origins keeps
 * another site from opening a socket as the user. Requests without an Origin (non-browser clients) carry their own
 * credentials and are let through to authentication.
 */
export const allowOrigin =
  (clientOrigin: string) =>
  (request: IncomingMessage, answer: (error: string | null, success: boolean) => void): void => {
    const origin = request.headers.origin;
    if (origin === undefined || origin === clientOrigin) answer(null, true);
    else answer('Origin not allowed', false);
  };
