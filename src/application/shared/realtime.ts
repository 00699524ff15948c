import type { Event } from '@domain/shared';
import type { RecordedEvent } from './event-store';
import type { ReadModels } from './read-models';

/**
 * One Socket.IO message for a room (`user:<id>`, a conversation, or the viewers of a public item) or several: a socket
 * in more than one of them still receives it once, and a socket in one of the `except` rooms not at all.
 */
export type RealtimeEmit = Readonly<{ room: string | string[]; except?: string[]; event: string; args: readonly unknown[] }>;

export const userRoom = (userId: string): string => `user:${userId}`;

/** The sockets opened with one session's token. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/** Sockets of users who looked at a user's profile or follow lists, so that changes to those lists reach them. */
export const profileViewersRoom = (userId: string): string => `profile-viewers:${userId}`;

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
 * Maps events to socket messages. `dependsOn` names the projections a client re-fetches after such a message: the
 * realtime projector emits only once they have applied the event.
 */
export type RealtimeProjection = Readonly<{ name: string; dependsOn: readonly string[]; handlers: Readonly<Record<string, RealtimeHandler>> }>;

type HandlersFor<E extends Event> = {
  [T in E['type']]?: (event: RecordedEvent<string extends E['type'] ? E : Extract<E, { type: T }>>, context: { readModels: ReadModels }) => Promise<RealtimeEmit[]>;
};

export const defineRealtimeProjection = <E extends Event = Event>(name: string, dependsOn: readonly string[], handlers: HandlersFor<E>): RealtimeProjection => ({
  name,
  dependsOn,
  // The projector only calls a handler with events of its own type, which is what the mapped type promised.
  handlers: handlers as unknown as Record<string, RealtimeHandler>,
});
