import type { DefaultEventsMap, Server, Socket } from 'socket.io';

/** Set by the handshake authentication; the only identity the server trusts for a socket. */
export type SocketData = { userId: string; sessionId: string; expiresAt: number };

export type ChattyServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
export type ChattySocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
