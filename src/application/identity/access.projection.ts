import { defineProjection, rm } from '@application/shared/projection';
import type { ReadModels } from '@application/shared/read-models';
import type { AccountEvent, SessionEvent } from '@domain/identity';

export const ACCESS_PROJECTION = 'identity.access';

export const accessKeys = {
  ended: (sessionId: string) => `session-ended:${sessionId}`,
  credentials: (userId: string) => `credentials:${userId}`,
  admins: 'admins',
};

/**
 * What authentication needs beyond a token's signature: a session that ended, a password changed after a token was
 * issued (which ends every other session of the user), and who is an admin.
 */
export const accessProjection = defineProjection<SessionEvent | AccountEvent>(ACCESS_PROJECTION, 1, {
  SessionEnded: (event) => [rm.valueSet(accessKeys.ended(event.data.sessionId), event.data.endedAt)],
  PasswordChanged: (event) => [
    rm.hashSet(accessKeys.credentials(event.data.userId), { changedAt: event.data.changedAt, keptSessionId: event.data.keptSessionId ?? '' }),
  ],
  AdminRoleGranted: (event) => [rm.setAdd(accessKeys.admins, event.data.userId)],
});

export const isAdmin = (readModels: ReadModels, userId: string): Promise<boolean> =>
  readModels.view(ACCESS_PROJECTION).setHas(accessKeys.admins, userId);
