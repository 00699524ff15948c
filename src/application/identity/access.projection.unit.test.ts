import { rm } from '@application/shared/projection';
import { specifyProjection } from '@application/shared/testing/projection-spec';
import type { AccountEvent, SessionEvent } from '@domain/identity';
import { accessProjection } from './access.projection';

const at = '2026-01-01T00:00:00.000Z';
const spec = specifyProjection(accessProjection);
const passwordChanged = (keptSessionId: string | null, reason: 'change' | 'reset'): AccountEvent => ({
  type: 'PasswordChanged',
  data: { userId: 'u1', passwordHash: 'hash-2', changedAt: at, keptSessionId, reason },
});

describe('the access projection', () => {
  it('remembers when a session ended, so its tokens stop working', () =>
    spec
      .given([{ type: 'SessionEnded', data: { sessionId: 's1', userId: 'u1', endedAt: at } } satisfies SessionEvent])
      .then([rm.valueSet('session-ended:s1', at)]));

  describe('a password change', () => {
    it('records when it happened and which session asked for it (that one keeps working), but not the new hash', () =>
      spec.given([passwordChanged('s1', 'change')]).then([rm.sortedAdd('password-changes:u1', 1, JSON.stringify({ changedAt: at, keptSessionId: 's1' }))]));
    it('keeps no session when none asked for it (a reset)', () =>
      spec.given([passwordChanged(null, 'reset')]).then([rm.sortedAdd('password-changes:u1', 1, JSON.stringify({ changedAt: at, keptSessionId: null }))]));
    it('keeps every change, each under its position, not only the last', () =>
      spec
        .given([passwordChanged('s1', 'change'), passwordChanged(null, 'reset')])
        .then([
          rm.sortedAdd('password-changes:u1', 1, JSON.stringify({ changedAt: at, keptSessionId: 's1' })),
          rm.sortedAdd('password-changes:u1', 2, JSON.stringify({ changedAt: at, keptSessionId: null })),
        ]));
  });

  it('adds a user granted the admin role to the admins', () =>
    spec.given([{ type: 'AdminRoleGranted', data: { userId: 'u1', grantedAt: at } } satisfies AccountEvent]).then([rm.setAdd('admins', 'u1')]));

  it("writes nothing for a session start, a registration or another context's events", () =>
    spec
      .given([
        { type: 'SessionStarted', data: { sessionId: 's1', userId: 'u1', startedAt: at, expiresAt: at } } satisfies SessionEvent,
        {
          type: 'AccountRegistered',
          data: {
            userId: 'u1',
            username: 'Ann',
            email: 'ann@example.com',
            passwordHash: 'h',
            avatarColor: 'red',
            profilePicture: '',
            uId: '1',
            registeredAt: at,
          },
        } satisfies AccountEvent,
        { type: 'UserFollowed', data: { followerId: 'u1', followeeId: 'u2', followedAt: at } },
      ])
      .thenNothing());
});
