import { accountStreamId, sessionDecider, sessionStreamId, type AccountEvent, type Session } from '@domain/identity';
import type { Decider } from '@domain/shared';
import type { EventStore } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';
import type { SessionClaims } from './ports';

/** A password change: when, and which session asked for it (that one is kept; null for a reset). */
export type PasswordChange = Readonly<{ changedAt: string; keptSessionId: string | null }>;

/** What may have revoked a session since its token was issued. */
export type SessionFacts = Readonly<{
  /** The session ended (signed out), or the source knows no open session of this user by that id. */
  ended: boolean;
  /** The account's password changes (the read model keeps only the last one). */
  passwordChanges: readonly PasswordChange[];
}>;

/**
 * Whether a genuine, unexpired token must be refused: its session ended, or the password changed after the token was
 * issued by another session or a reset (a change ends every session but the one that asked for it).
 */
export const isRevoked = (claims: Pick<SessionClaims, 'sessionId' | 'issuedAt'>, facts: SessionFacts): boolean =>
  facts.ended || facts.passwordChanges.some((change) => claims.issuedAt.getTime() < Date.parse(change.changedAt) && change.keptSessionId !== claims.sessionId);

/** The password changes of an account stream, oldest first. */
export const passwordChanges: Pick<Decider<never, AccountEvent, readonly PasswordChange[]>, 'evolve' | 'initialState'> = {
  initialState: () => [],
  evolve: (changes, event) =>
    event.type === 'PasswordChanged' ? [...changes, { changedAt: event.data.changedAt, keptSessionId: event.data.keptSessionId }] : changes,
};

/**
 * The facts from the session and account streams. A session the store does not hold as open for this user counts as
 * ended: a sign-in appends its SessionStarted before it issues the token.
 */
export const sessionFactsOf = (claims: Pick<SessionClaims, 'userId'>, session: Session, changes: readonly PasswordChange[]): SessionFacts => ({
  ended: session.status !== 'active' || session.userId !== claims.userId,
  passwordChanges: changes,
});

/**
 * The facts as the event store has them: never behind (each stream is read by `_id`, and a cached stream costs one
 * missed probe), so it is what authentication uses while the access read model is being rebuilt.
 */
export const sessionFactsFromStore = async (store: EventStore, claims: Pick<SessionClaims, 'userId' | 'sessionId'>): Promise<SessionFacts> => {
  const [session, changes] = await Promise.all([
    loadState(store, sessionDecider, sessionStreamId(claims.sessionId)),
    loadState(store, passwordChanges, accountStreamId(claims.userId)),
  ]);
  return sessionFactsOf(claims, session, changes);
};
