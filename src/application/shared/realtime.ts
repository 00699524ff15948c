import type { Event } from '@domain/shared';
import type { RecordedEvent } from './event-store';
import type { ReadModels } from './read-models';

/**
 * One Socket.IO message for a room (`user:<id>`, a conversation, or the viewers of a public item) or several: a socket
 * in more than one of them still receives it once, and a socket in one of the `except` rooms not at all.
 */
export type RealtimeEmit = Readonly<{ room: string | string[]; except?: string[]; event: string; args: readonly unknown[] }>;

export const userRoom = (userId: string): string => `user:${userId}`;

/** Every signed-in socket: public items go here, less the rooms of users who may not see them. */
export const SIGNED_IN_ROOM = 'signed-in';

/** Sends messages to rooms on every api process. */
export interface Realtime {
  emit(message: RealtimeEmit): Promise<void>;
  /** Adds the user's sockets, on every api process, to a room or several (until they disconnect). */
  addToRoom(userId: string, room: string | string[]): Promise<void>;
  /** Disconnects the sockets in a room, on every api process, except those also in `except`. */
  disconnect(room: string, options?: { except?: string }): Promise<void>;
}

export type RealtimeHandler = (event: RecordedEvent, context: { readModels: ReadModels }) => Promise<RealtimeEmit[]>;

/**
 * Maps events to socket messages. `dependsOn` names the projections a client re-fetches after such a message (the
 * `reads` of the queries it re-runs): the realtime consumer emits only once they have applied the event.
 */
export type RealtimeProjection = Readonly<{ name: string; dependsOn: readonly string[]; handlers: Readonly<Record<string, RealtimeHandler>> }>;

type HandlersFor<E extends Event> = {
  [T in E['type']]?: (
    event: RecordedEvent<string extends E['type'] ? E : Extract<E, { type: T }>>,
    context: { readModels: ReadModels },
  ) => Promise<RealtimeEmit[]>;
};

export const defineRealtimeProjection = <E extends Event = Event>(
  name: string,
  dependsOn: readonly string[],
  handlers: HandlersFor<E>,
): RealtimeProjection => ({
  name,
  dependsOn,
  // The projector only calls a handler with events of its own type, which is what the mapped type promised.
  handlers: handlers as unknown as Record<string, RealtimeHandler>,
});

/** The message that carries the list of users online (contract section 3). */
export const ONLINE_USERS_EVENT = 'user online';

/** Who is online, shared across processes. */
export interface Presence {
  /** The online list as this viewer may see it: what the client compares against, without users either side blocks. */
  onlineNamesFor(viewerId: string): Promise<string[]>;
}

/** A connected socket as inbound handlers see it: its owner comes from the handshake only. */
export type SocketSession = Readonly<{
  userId: string;
  sessionId: string;
  /** Answers this socket only. */
  emit: (event: string, ...args: unknown[]) => void;
}>;

/**
 * Handles one message that clients send. Its payload is never trusted for who is acting (the socket's session says
 * that); a handler that fails is logged, and the socket stays open.
 */
export type InboundSocketHandler = Readonly<{ event: string; handle: (socket: SocketSession, ...payload: unknown[]) => Promise<void> }>;

/** What a socket's handshake carries that may prove who opened it. */
export type SocketCredentials = Readonly<{ cookieHeader?: string; authorizationHeader?: string; authToken?: string }>;

/** Who a socket belongs to: its session ends it (sign-out, password change, expiry). */
export type SocketIdentity = Readonly<{ userId: string; sessionId: string; expiresAt: Date }>;

/** The identity the credentials belong to, or null. The same check as REST (session cookie or bearer token). */
export type AuthenticateSocket = (credentials: SocketCredentials) => Promise<SocketIdentity | null>;
