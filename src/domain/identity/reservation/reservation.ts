import { z } from 'zod';
import { defineEvent, DomainError, type Command, type Decider, type Event } from '@domain/shared';

/*
 * Uniqueness by construction: each username and each e-mail address is a stream of its own, keyed by the value in
 * lower case. Reserving it is an append that expects the stream to be free, so two concurrent sign-ups with the same
 * value cannot both succeed, whatever the timing.
 */

export class ValueAlreadyTaken extends DomainError {
  readonly code = 'value_taken';
  constructor(readonly kind: string) {
    super('Invalid credentials');
  }
}

export type ReservationState = { status: 'free' } | { status: 'reserved'; userId: string; reservedAt: string };

export type Reserve = Command<'Reserve', { value: string; userId: string }>;
export type Release = Command<'Release', { userId: string }>;
export type ReservationCommand = Reserve | Release;

const reservedSchema = <K extends string>(kind: K) =>
  z.object({ [kind]: z.string().min(1), userId: z.string().min(1), reservedAt: z.string() } as Record<K | 'userId' | 'reservedAt', z.ZodString>);
const releasedSchema = z.object({ userId: z.string().min(1), releasedAt: z.string() });

/** The events, decider and stream id of one kind of reserved value. */
const reservationOf = <Reserved extends string, Released extends string, Kind extends string>(reservedType: Reserved, releasedType: Released, kind: Kind) => {
  const reserved = defineEvent(reservedType, 1, reservedSchema(kind));
  const released = defineEvent(releasedType, 1, releasedSchema);
  type ReservationEvent = Event<Reserved, Record<Kind | 'userId' | 'reservedAt', string>> | Event<Released, z.infer<typeof releasedSchema>>;

  const decider: Decider<ReservationCommand, ReservationEvent, ReservationState> = {
    initialState: () => ({ status: 'free' }),
    evolve: (_state, event) => {
      if (event.type !== reservedType) return { status: 'free' };
      const { userId, reservedAt } = event.data as { userId: string; reservedAt: string };
      return { status: 'reserved', userId, reservedAt };
    },
    decide: (command, state) => {
      switch (command.type) {
        case 'Reserve':
          if (state.status === 'reserved') {
            if (state.userId === command.data.userId) return [];
            throw new ValueAlreadyTaken(kind);
          }
          return [
            {
              type: reservedType,
              data: { [kind]: command.data.value, userId: command.data.userId, reservedAt: command.metadata.now.toISOString() } as Record<
                Kind | 'userId' | 'reservedAt',
                string
              >,
            },
          ];
        case 'Release':
          if (state.status !== 'reserved' || state.userId !== command.data.userId) return [];
          return [{ type: releasedType, data: { userId: command.data.userId, releasedAt: command.metadata.now.toISOString() } }];
        default: {
          const unknown: never = command;
          throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
        }
      }
    },
  };
  return { events: [reserved, released], decider, streamId: (value: string) => `${kind}:${value.trim().toLowerCase()}` };
};

export const usernames = reservationOf('UsernameReserved', 'UsernameReleased', 'username');
export const emails = reservationOf('EmailReserved', 'EmailReleased', 'email');
