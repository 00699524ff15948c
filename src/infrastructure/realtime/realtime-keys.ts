/**
 * Redis keys of the realtime module. Each group shares one hash tag, so that on Redis Cluster the keys a script
 * touches sit in one slot.
 */
export const realtimeProjectionKeys = (name: string) => ({
  checkpoint: `realtime:{${name}}:checkpoint`,
  lease: `realtime:{${name}}:lease`,
  fence: `realtime:{${name}}:fence`,
});

/** Presence's namespace unless a deployment (or a test) sets its own: open chat windows are kept beside it. */
export const DEFAULT_PRESENCE_NAMESPACE = 'chatty';

export const presenceKeys = (namespace: string) => ({
  /** Sorted set: user id → the latest expiry (ms, Redis clock) among that user's sockets; an upper bound. */
  users: `presence:{${namespace}}:users`,
  /** Sorted set per user: socket id → expiry (ms, Redis clock), renewed by the heartbeat of the process holding it. */
  sockets: (userId: string) => `presence:{${namespace}}:user:${userId}`,
});

/** The Redis pub/sub channel prefix; the adapter and the emitter must use the same one (both default to it). */
export const DEFAULT_CHANNEL_PREFIX = 'socket.io';
