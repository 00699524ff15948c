import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { userRoom, type InboundSocketHandler, type Presence, type SocketIdentity } from '@application/shared/realtime';
import { allowOrigin, handshakeAuthentication, type Authenticate } from './handshake-auth';
import { PRESENCE_EVENT, PRESENCE_ROOM, PresenceTracker } from './presence-tracker';
import { runAt } from '../runtime/run-at';
import { DEFAULT_CHANNEL_PREFIX, DEFAULT_PRESENCE_NAMESPACE } from './realtime-keys';
import type { RealtimeLogger } from './realtime-logger';
import { RedisPresence, type SocketOwner } from './redis-presence';
import { SocketIoRealtime } from './socket-io-realtime';
import type { ChattyServer, ChattySocket } from './socket-types';

/** `recheckFailedAfterMs`: how long a socket whose credentials could not be checked stays anonymous before it is asked to try again. */
export type PresenceSettings = Readonly<{ namespace: string; ttlMs: number; heartbeatMs: number; recheckFailedAfterMs: number }>;

export type SocketServerDeps = Readonly<{
  /** The Chatty client's origin (CLIENT_URL), allowed with credentials. */
  clientOrigin: string;
  /** Publishes for the adapter, and runs the presence commands. */
  pubClient: Redis;
  /** Dedicated to the adapter: a subscribed connection can run nothing else. */
  subClient: Redis;
  authenticate: Authenticate;
  /** The display names of users, in order (null for an unknown one), read in one batch. */
  displayNamesOf: (userIds: readonly string[]) => Promise<Array<string | null>>;
  /** For each user, in order, the users hidden from them by a block (either way): left out of their online list. */
  hiddenUsersOf: (userIds: readonly string[]) => Promise<Array<ReadonlySet<string>>>;
  /** The rooms an authenticated socket joins (by default its user's); the product adds others, such as its session's. */
  roomsOf?: (identity: Pick<SocketIdentity, 'userId' | 'sessionId'>) => string[];
  /** What clients may send, given presence (the handlers of `setup`, `join room`, and each context's). */
  inboundHandlers?: (presence: Presence) => readonly InboundSocketHandler[];
  logger: RealtimeLogger;
  /** Must equal SocketIoRealtime's; defaults to `socket.io` on both. */
  channelPrefix?: string;
  presence?: Partial<PresenceSettings>;
}>;

export type SocketServer = Readonly<{
  io: ChattyServer;
  /**
   * Resolves once the adapter's subscriptions are in place (commands on one connection are answered in order); until
   * then, messages published by other processes do not reach this one's sockets. Await it before listening.
   */
  ready: () => Promise<void>;
  /** Stops the heartbeat, disconnects this process's sockets (they go offline at once) and closes the server. */
  close: () => Promise<void>;
}>;

const defaultPresence: PresenceSettings = { namespace: DEFAULT_PRESENCE_NAMESPACE, ttlMs: 30_000, heartbeatMs: 10_000, recheckFailedAfterMs: 5_000 };

/**
 * The Socket.IO server of an api process. Clients send only what `inboundHandlers` lists: `block user`, `unblock
 * user`, `unfollow user`, `reaction` and `comment` from a client are not handled (the old server rebroadcast them
 * verbatim, letting anyone spoof them); the real events come from the realtime projections once the read models have
 * applied them.
 */
export const createSocketServer = (httpServer: HttpServer, deps: SocketServerDeps): SocketServer => {
  if (deps.subClient === deps.pubClient) throw new Error('the Socket.IO Redis adapter needs a dedicated subscriber connection');
  const settings = { ...defaultPresence, ...deps.presence };
  const channelPrefix = deps.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  const io: ChattyServer = new Server(httpServer, {
    cors: { origin: deps.clientOrigin, credentials: true },
    transports: ['websocket', 'polling'],
    allowRequest: allowOrigin(deps.clientOrigin),
    serveClient: false,
    adapter: createAdapter(deps.pubClient, deps.subClient, { key: channelPrefix }),
  });
  const tracker = new PresenceTracker({
    presence: new RedisPresence(deps.pubClient, settings),
    realtime: new SocketIoRealtime(deps.pubClient, { channelPrefix }),
    displayNamesOf: deps.displayNamesOf,
    hiddenUsersOf: deps.hiddenUsersOf,
    localSockets: () => [...io.of('/').sockets.values()].filter((socket) => socket.data.authenticated).map(ownerOf),
    isConnected: (socketId) => io.of('/').sockets.get(socketId)?.connected === true,
  });
  const handlers = deps.inboundHandlers?.(tracker) ?? [];
  const roomsOf = deps.roomsOf ?? ((identity) => [userRoom(identity.userId)]);

  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>, what: string): Promise<void> => {
    const settled: Promise<void> = work
      .catch((error: unknown) => deps.logger.error({ err: error }, `socket ${what} failed`))
      .finally(() => pending.delete(settled));
    pending.add(settled);
    return settled;
  };

  const sendOnlineList = async (socket: ChattySocket) => {
    socket.emit(PRESENCE_EVENT, await tracker.onlineNamesFor(socket.data.userId));
  };
  const arrive = async (socket: ChattySocket) => {
    await socket.join(roomsOf(socket.data));
    // Into the presence room only once present: a broadcast that does not know this user yet would not leave out
    // the users hidden from them. The socket then asks for its own list, which the broadcasts may have missed.
    await tracker.connected(ownerOf(socket));
    await socket.join(PRESENCE_ROOM);
    await sendOnlineList(socket);
  };

  io.use(handshakeAuthentication(deps.authenticate, deps.logger));
  io.on('connection', (socket) => {
    if (!socket.data.authenticated) {
      // The client sends `setup` once someone signed in; its socket still holds the handshake of before. Disconnected,
      // the client connects again by itself, with the session cookie it now has.
      socket.on('setup', () => socket.disconnect(true));
      if (socket.data.checkFailed) {
        const retry = runAt(Date.now() + settings.recheckFailedAfterMs, () => socket.disconnect(true));
        socket.on('disconnect', () => retry.cancel());
      }
      return;
    }
    const owner = ownerOf(socket);
    const arrived = track(arrive(socket), 'arrival');
    // A socket lives no longer than its session's token; sign-out and password changes end it earlier (a policy).
    const expiry = runAt(socket.data.expiresAt, () => socket.disconnect(true));
    socket.on('disconnect', () => expiry.cancel());
    const session = { userId: socket.data.userId, sessionId: socket.data.sessionId, emit: (event: string, ...args: unknown[]) => socket.emit(event, ...args) };
    for (const handler of handlers) socket.on(handler.event, (...payload: unknown[]) => void track(handler.handle(session, ...payload), handler.event));
    socket.on(
      'disconnect',
      () =>
        void track(
          arrived.then(() => tracker.disconnected(owner)),
          'departure',
        ),
    );
  });

  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return; // a slow Redis must not pile up heartbeats
    beating = true;
    const beat = tracker.heartbeat().finally(() => {
      beating = false;
    });
    void track(beat, 'presence heartbeat');
  }, settings.heartbeatMs);

  return {
    io,
    ready: async () => {
      await deps.subClient.ping();
    },
    close: async () => {
      clearInterval(heartbeat);
      await io.close();
      while (pending.size > 0) await Promise.all(pending);
    },
  };
};

const ownerOf = (socket: ChattySocket): SocketOwner => ({ userId: socket.data.userId, socketId: socket.id });
