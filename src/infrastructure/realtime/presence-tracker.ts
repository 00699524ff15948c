import { KeyedQueue } from '@application/shared/keyed-queue';
import { ONLINE_USERS_EVENT, userRoom, type Presence, type Realtime } from '@application/shared/realtime';
import type { RedisPresence, SocketOwner } from './redis-presence';

/**
 * Every authenticated socket joins this room. The Chatty client replaces its whole online list with each
 * `user online` payload (`setOnlineUsers(data)`), so a change must reach everyone with the full list; presence is
 * public in Chatty (any user sees who is online), except between two users of whom one blocks the other, and
 * unauthenticated sockets never get in.
 */
export const PRESENCE_ROOM = 'presence';
export const PRESENCE_EVENT = ONLINE_USERS_EVENT;

export type PresenceTrackerDeps = Readonly<{
  presence: RedisPresence;
  realtime: Realtime;
  /** The display names of users, in order (null for an unknown one), read in one batch. */
  displayNamesOf: (userIds: readonly string[]) => Promise<Array<string | null>>;
  /** For each user, in order, the users hidden from them by a block (either way). */
  hiddenUsersOf: (userIds: readonly string[]) => Promise<Array<ReadonlySet<string>>>;
  /** The sockets this process holds, for the heartbeat. */
  localSockets: () => SocketOwner[];
  isConnected: (socketId: string) => boolean;
}>;

/**
 * Turns socket arrivals and departures into presence changes and `user online` broadcasts.
 *
 * Redis commands of one socket run one after the other (a script resent after NOSCRIPT would otherwise overtake a
 * later one, and a departed socket could come back). Broadcasts are coalesced and sent one at a time per process,
 * each with the list read just before sending, so a burst of changes ends with the latest list. Across processes two
 * broadcasts can still cross in Redis; the next change corrects it.
 */
export class PresenceTracker implements Presence {
  private readonly socketQueues = new KeyedQueue();
  private requested = 0;
  private sent = 0;
  private sending: Promise<void> | null = null;

  constructor(private readonly deps: PresenceTrackerDeps) {}

  /** True when the user just came online: the broadcast that went out reached every socket, this one included. */
  async connected(socket: SocketOwner): Promise<boolean> {
    if (!(await this.socketQueues.run(socket.socketId, () => this.deps.presence.connect(socket)))) return false;
    await this.broadcast();
    return true;
  }

  async disconnected(socket: SocketOwner): Promise<void> {
    if (await this.socketQueues.run(socket.socketId, () => this.deps.presence.disconnect(socket))) await this.broadcast();
  }

  /** Renews this process's sockets and sweeps users whose processes died; broadcasts if that changed the list. */
  async heartbeat(): Promise<void> {
    const missing = await this.deps.presence.renew(this.deps.localSockets());
    const readded = await Promise.all(
      missing.map((socket) => this.socketQueues.run(socket.socketId, async () => this.deps.isConnected(socket.socketId) && this.deps.presence.connect(socket))),
    );
    const wentAway = await this.deps.presence.sweep();
    if (readded.includes(true) || wentAway.length > 0) await this.broadcast();
  }

  /** The online list as `viewerId` may see it. */
  async onlineNamesFor(viewerId: string): Promise<string[]> {
    const online = await this.deps.presence.onlineUsers();
    const [names, [hidden]] = await Promise.all([this.deps.displayNamesOf(online), this.deps.hiddenUsersOf([viewerId])]);
    return namesVisibleTo(online, names, hidden ?? new Set());
  }

  /** Resolves once a list read after this call has been published. */
  async broadcast(): Promise<void> {
    const ticket = ++this.requested;
    while (this.sent < ticket) {
      this.sending ??= this.sendLatest().finally(() => {
        this.sending = null;
      });
      await this.sending;
    }
  }

  /** One list for everyone, and their own list for online users who block or are blocked by another online user. */
  private async sendLatest(): Promise<void> {
    const covered = this.requested;
    const online = await this.deps.presence.onlineUsers();
    const [names, hidden] = await Promise.all([this.deps.displayNamesOf(online), this.deps.hiddenUsersOf(online)]);
    const withOwnList = online.flatMap((userId, i) => (online.some((other) => hidden[i]?.has(other)) ? [{ userId, hidden: hidden[i]! }] : []));
    await Promise.all([
      this.deps.realtime.emit({
        room: PRESENCE_ROOM,
        except: withOwnList.map(({ userId }) => userRoom(userId)),
        event: PRESENCE_EVENT,
        args: [namesVisibleTo(online, names, new Set())],
      }),
      ...withOwnList.map(({ userId, hidden: hiddenFromUser }) =>
        this.deps.realtime.emit({ room: userRoom(userId), event: PRESENCE_EVENT, args: [namesVisibleTo(online, names, hiddenFromUser)] }),
      ),
    ]);
    this.sent = Math.max(this.sent, covered);
  }
}

const namesVisibleTo = (online: readonly string[], names: ReadonlyArray<string | null>, hidden: ReadonlySet<string>): string[] =>
  online.flatMap((userId, i) => (names[i] && !hidden.has(userId) ? [names[i]] : []));
