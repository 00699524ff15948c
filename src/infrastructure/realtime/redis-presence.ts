import type { Redis } from 'ioredis';
import { CONNECT_SOCKET, DISCONNECT_SOCKET, EXPIRED_USERS, ONLINE_USERS, RENEW_SOCKETS, SWEEP_USERS } from './presence-scripts';
import { presenceKeys } from './realtime-keys';

export type PresenceOptions = Readonly<{
  /** Separates deployments (and tests) that share a Redis. */
  namespace: string;
  /** How long a socket counts as live without a heartbeat from its process. */
  ttlMs: number;
}>;

export type SocketOwner = Readonly<{ userId: string; socketId: string }>;

const SWEEP_BATCH = 100;

/**
 * Who is online, shared by every process. Each socket is a member of its user's sorted set, scored by an expiry
 * that the process holding the socket renews; a user is online while one member has not expired. We chose this over
 * per-process socket sets because it needs no registry of processes: a crashed process's sockets simply expire, and
 * any surviving process's sweep takes their users off the list, atomically, so exactly one reports it.
 */
export class RedisPresence {
  private readonly keys: ReturnType<typeof presenceKeys>;

  constructor(
    private readonly redis: Redis,
    private readonly options: PresenceOptions,
  ) {
    this.keys = presenceKeys(options.namespace);
  }

  /** True when this is the user's first live socket (they just came online). */
  async connect({ userId, socketId }: SocketOwner): Promise<boolean> {
    const result = await CONNECT_SOCKET.run(this.redis, [this.keys.users, this.keys.sockets(userId)], [userId, socketId, this.options.ttlMs]);
    return Number(result) === 1;
  }

  /** True when that was the user's last live socket (they just went offline). */
  async disconnect({ userId, socketId }: SocketOwner): Promise<boolean> {
    const result = await DISCONNECT_SOCKET.run(this.redis, [this.keys.users, this.keys.sockets(userId)], [userId, socketId]);
    return Number(result) === 1;
  }

  /** Renews the sockets this process holds; returns those Redis no longer lists (the caller decides whether to re-add them). */
  async renew(sockets: readonly SocketOwner[]): Promise<SocketOwner[]> {
    if (sockets.length === 0) return [];
    const keys = [this.keys.users, ...sockets.map((s) => this.keys.sockets(s.userId))];
    const args = [this.options.ttlMs, ...sockets.flatMap((s) => [s.userId, s.socketId])];
    const missing = new Set((await RENEW_SOCKETS.run(this.redis, keys, args)) as string[]);
    return sockets.filter((s) => missing.has(s.socketId));
  }

  /** Takes off the list the users whose sockets have all expired; returns them. */
  async sweep(): Promise<string[]> {
    const offline: string[] = [];
    for (;;) {
      const candidates = (await EXPIRED_USERS.run(this.redis, [this.keys.users], [SWEEP_BATCH])) as string[];
      if (candidates.length === 0) return offline;
      const keys = [this.keys.users, ...candidates.map((userId) => this.keys.sockets(userId))];
      offline.push(...((await SWEEP_USERS.run(this.redis, keys, candidates)) as string[]));
      if (candidates.length < SWEEP_BATCH) return offline;
    }
  }

  async onlineUsers(): Promise<string[]> {
    return (await ONLINE_USERS.run(this.redis, [this.keys.users], [])) as string[];
  }
}
