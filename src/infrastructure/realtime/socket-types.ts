import type { DefaultEventsMap, Server, Socket } from 'socket.io';

/**
 * Set by the handshake authentication; the only identity the server trusts for a socket. An anonymous socket has
 * `authenticated: false` and no user.
 */
export type SocketData = { authenticated: boolean; checkFailed: boolean; userId: string; sessionId: string; expiresAt: number };

export type ChattyServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
export type ChattySocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
