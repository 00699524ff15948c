export { type Authenticate, type SocketCredentials, type SocketIdentity } from './handshake-auth';
export { PRESENCE_EVENT, PRESENCE_ROOM } from './presence-tracker';
export { DEFAULT_CHANNEL_PREFIX, DEFAULT_PRESENCE_NAMESPACE } from './realtime-keys';
export type { RealtimeLogger } from './realtime-logger';
export { realtimeSubscription, type RealtimeSubscriptionDependencies } from './realtime-subscription';
export { createSocketServer, type PresenceSettings, type SocketServer, type SocketServerDeps } from './socket-server';
export { SocketIoRealtime } from './socket-io-realtime';
export type { ChattyServer, ChattySocket, SocketData } from './socket-types';
