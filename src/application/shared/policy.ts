import type { Event } from '@domain/shared';
import type { RecordedEvent } from './event-store';

/**
 * A policy turns events into side effects (jobs, or commands on other streams). It may run an event more than once
 * (after a crash), so what it does is keyed by the event id: job ids and command ids derived from it.
 */
export type PolicyHandler = (event: RecordedEvent) => Promise<void>;

export type Policy = Readonly<{ name: string; handlers: Readonly<Record<string, PolicyHandler>> }>;

type HandlersFor<E extends Event> = { [T in E['type']]?: (event: RecordedEvent<Extract<E, { type: T }>>) => Promise<void> };

export const definePolicy = <E extends Event>(name: string, handlers: HandlersFor<E>): Policy => ({
  name,
  // The runner only calls a handler with events of its own type, which is what the mapped type promised.
  handlers: handlers as unknown as Record<string, PolicyHandler>,
});
