import { z } from 'zod';
import { defineEvent, type Command, type Decider, type EventOf } from '@domain/shared';

export const sessionStarted = defineEvent(
  'SessionStarted',
  1,
  z.object({ sessionId: z.string().min(1), userId: z.string().min(1), startedAt: z.string(), expiresAt: z.string() }),
);
export const sessionEnded = defineEvent('SessionEnded', 1, z.object({ sessionId: z.string().min(1), userId: z.string().min(1), endedAt: z.string() }));

export const sessionEvents = [sessionStarted, sessionEnded];
export type SessionEvent = EventOf<typeof sessionStarted> | EventOf<typeof sessionEnded>;

export type Session = { status: 'none' } | { status: 'active'; userId: string; expiresAt: string } | { status: 'ended'; userId: string };

export type StartSession = Command<'StartSession', { sessionId: string; userId: string; expiresAt: Date }>;
export type EndSession = Command<'EndSession', { sessionId: string }>;
export type SessionCommand = StartSession | EndSession;

export const sessionStreamId = (sessionId: string): string => `session:${sessionId}`;

export const sessionDecider: Decider<SessionCommand, SessionEvent, Session> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) =>
    event.type === 'SessionStarted'
      ? { status: 'active', userId: event.data.userId, expiresAt: event.data.expiresAt }
      : { status: 'ended', userId: event.data.userId },
  decide: (command, state) => {
    switch (command.type) {
      case 'StartSession':
        if (state.status !== 'none') return [];
        return [
          {
            type: 'SessionStarted',
            data: {
              sessionId: command.data.sessionId,
              userId: command.data.userId,
              startedAt: command.metadata.now.toISOString(),
              expiresAt: command.data.expiresAt.toISOString(),
            },
          },
        ];
      case 'EndSession':
        if (state.status !== 'active') return [];
        return [{ type: 'SessionEnded', data: { sessionId: command.data.sessionId, userId: state.userId, endedAt: command.metadata.now.toISOString() } }];
    }
  },
};
