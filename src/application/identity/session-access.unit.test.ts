import type { EventStore } from '@application/shared/event-store';
import type { ReadModelWrite } from '@application/shared/projection';
import type { ReadModels, ReadModelView } from '@application/shared/read-models';
import { recorded } from '@application/shared/testing/projection-spec';
import { sessionDecider, type AccountEvent, type SessionEvent } from '@domain/identity';
import { foldEvents } from '@domain/shared';
import { accessProjection } from './access.projection';
import { authenticate } from './authenticate';
import type { SessionClaims, SessionTokens } from './ports';
import { isRevoked, passwordChanges, sessionFactsOf } from './session-access';

const issuedAt = new Date('2026-01-01T10:00:00.000Z');
const beforeIssue = '2026-01-01T09:00:00.000Z';
const afterIssue = '2026-01-01T11:00:00.000Z';
const claims: SessionClaims = { userId: 'u1', sessionId: 's1', issuedAt, expiresAt: new Date('2026-01-08T10:00:00.000Z') };

const started = (sessionId = 's1', userId = 'u1'): SessionEvent => ({
  type: 'SessionStarted',
  data: { sessionId, userId, startedAt: issuedAt.toISOString(), expiresAt: '2026-01-08T10:00:00.000Z' },
});
const ended = (sessionId = 's1'): SessionEvent => ({ type: 'SessionEnded', data: { sessionId, userId: 'u1', endedAt: afterIssue } });
const passwordChanged = (changedAt: string, keptSessionId: string | null): AccountEvent => ({
  type: 'PasswordChanged',
  data: { userId: 'u1', passwordHash: 'hash-2', changedAt, keptSessionId, reason: keptSessionId ? 'change' : 'reset' },
});
const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    userId: 'u1',
    username: 'Ann',
    email: 'ann@example.com',
    passwordHash: 'h',
    avatarColor: 'red',
    profilePicture: '',
    uId: '1',
    registeredAt: beforeIssue,
  },
};

type IdentityEvent = SessionEvent | AccountEvent;
const streamOf = (event: IdentityEvent): string => ('sessionId' in event.data ? `session:${event.data.sessionId}` : `account:${event.data.userId}`);

/** The decision as the event store gives it: the session's state and the account's password changes. */
const decidedFromStreams = (events: IdentityEvent[]): boolean => {
  const session = foldEvents(
    sessionDecider,
    events.filter((event): event is SessionEvent => streamOf(event) === 'session:s1'),
  );
  const changes = foldEvents(
    passwordChanges,
    events.filter((event): event is AccountEvent => streamOf(event) === 'account:u1'),
  );
  return isRevoked(claims, sessionFactsOf(claims, session, changes));
};

/** given(events).then(accepted | refused): the revocation decision for the token of session s1, issued at 10:00. */
const given = (events: IdentityEvent[]) => ({
  thenAccepted: () => expect(decidedFromStreams(events)).toBe(false),
  thenRefused: () => expect(decidedFromStreams(events)).toBe(true),
});

describe('whether a genuine token of session s1 is revoked', () => {
  it('is not when nothing happened since the sign-in', () => given([registered, started()]).thenAccepted());
  it('is when the session signed out', () => given([registered, started(), ended()]).thenRefused());
  it('is when another session changed the password after the token was issued', () =>
    given([registered, started(), passwordChanged(afterIssue, 's2')]).thenRefused());
  it('is when a reset changed the password after the token was issued', () => given([registered, started(), passwordChanged(afterIssue, null)]).thenRefused());
  it('is not when this session changed the password (it is kept)', () => given([registered, started(), passwordChanged(afterIssue, 's1')]).thenAccepted());
  it('is not for a password change before the token was issued', () => given([registered, passwordChanged(beforeIssue, 's0'), started()]).thenAccepted());
  it('stays revoked when this session changes the password again after another one ended it', () =>
    given([registered, started(), passwordChanged(afterIssue, 's2'), passwordChanged('2026-01-01T12:00:00.000Z', 's1')]).thenRefused());
  it('is when the store holds no such session (a sign-in records it before issuing the token)', () => given([registered]).thenRefused());
  it("is not because of another session's sign-out", () => given([registered, started(), started('s2'), ended('s2')]).thenAccepted());
});

/** An event store and an access read model holding `events`; the model may be marked as being rebuilt. */
const system = (events: IdentityEvent[], recovering: boolean | (() => boolean)) => {
  const streamReads: string[] = [];
  const store: EventStore = {
    readStream: (streamId) => {
      streamReads.push(streamId);
      const stream = events
        .filter((event) => streamOf(event) === streamId)
        .map((event, index) => recorded(event, index + 1, { streamId, streamVersion: index + 1 }));
      return Promise.resolve({ events: stream, version: stream.length, commitIds: new Set(stream.map((event) => event.metadata.commitId)), fromCache: false });
    },
    appendToStream: () => Promise.reject(new Error('authentication never writes')),
  };
  // While recovering, the model is empty: that is what a flush leaves.
  const writes: ReadModelWrite[] =
    recovering === true ? [] : events.flatMap((event, index) => accessProjection.handlers[event.type]?.(recorded(event, index + 1)) ?? []);
  const values = new Map(writes.flatMap((write) => (write.kind === 'value.set' ? [[write.key, write.value] as const] : [])));
  const sorted = (key: string) => writes.flatMap((write) => (write.kind === 'sorted.add' && write.key === key ? [write.member] : []));
  const view = { value: (key: string) => Promise.resolve(values.get(key) ?? null), sortedRange: (key: string) => Promise.resolve(sorted(key)) };
  const readModels: ReadModels = {
    view: () => view as unknown as ReadModelView,
    isRecovering: () => Promise.resolve(typeof recovering === 'function' ? recovering() : recovering),
    waitForPosition: () => Promise.resolve(true),
  };
  const sessionTokens: SessionTokens = { issue: () => 'token', verify: (token) => (token === 'token' ? claims : null) };
  return { deps: { store, readModels, sessionTokens }, streamReads };
};

describe('authentication', () => {
  const cases: Array<[string, IdentityEvent[], boolean]> = [
    ['accepts a session nothing revoked', [registered, started()], true],
    ['refuses a signed-out session', [registered, started(), ended()], false],
    ['refuses a session another one outdated by changing the password', [registered, started(), passwordChanged(afterIssue, 's2')], false],
    ['accepts the session that changed the password', [registered, started(), passwordChanged(afterIssue, 's1')], true],
    [
      'refuses a session outdated by one change, even after it changed the password itself',
      [registered, started(), passwordChanged(afterIssue, 's2'), passwordChanged('2026-01-01T12:00:00.000Z', 's1')],
      false,
    ],
  ];

  describe.each([
    ['the access read model, when it has caught up', false],
    ['the event store, while the access read model is rebuilt from empty', true],
  ])('deciding from %s', (_source, recovering) => {
    it.each(cases)('%s', async (_name, events, accepted) => {
      const actor = await authenticate(system(events, recovering).deps, 'token');
      expect(actor).toEqual(accepted ? { userId: 'u1', sessionId: 's1', sessionExpiresAt: claims.expiresAt } : null);
    });
  });

  it('reads no stream while the access read model is caught up', async () => {
    const { deps, streamReads } = system([registered, started()], false);
    await authenticate(deps, 'token');
    expect(streamReads).toEqual([]);
  });

  it('reads the session and account streams while the model is rebuilt, instead of answering "unavailable"', async () => {
    const { deps, streamReads } = system([registered, started(), ended()], true);
    await expect(authenticate(deps, 'token')).resolves.toBeNull();
    expect(streamReads.sort()).toEqual(['account:u1', 'session:s1']);
  });

  it('decides from the store when Redis lost everything between the recovery check and the reads', async () => {
    let checks = 0;
    // Caught up at the first check, flushed (empty and recovering) by the second.
    const { deps } = system([registered, started(), ended()], () => checks++ > 0);
    const flushed = { ...deps, readModels: { ...deps.readModels, view: () => system([], true).deps.readModels.view('identity.access') } };
    await expect(authenticate(flushed, 'token')).resolves.toBeNull();
  });

  it('refuses a forged or expired token without reading anything', async () => {
    const { deps, streamReads } = system([registered, started()], true);
    await expect(authenticate(deps, 'forged')).resolves.toBeNull();
    await expect(authenticate(deps, null)).resolves.toBeNull();
    expect(streamReads).toEqual([]);
  });
});
