import { defineProjection, rm } from '@application/shared/projection';
import { defineQuery } from '@application/shared/query';
import type { AccountEvent, SessionEvent } from '@domain/identity';
import type { PasswordChange, SessionFacts } from './session-access';

export const ACCESS_PROJECTION = 'identity.access';

export const accessKeys = {
  ended: (sessionId: string) => `session-ended:${sessionId}`,
  /** Every password change of the user (JSON: when, and the session kept), scored by position. */
  passwordChanges: (userId: string) => `password-changes:${userId}`,
  admins: 'admins',
};

/**
 * What authentication needs beyond a token's signature: a session that ended, a password changed after a token was
 * issued (which ends every other session of the user), and who is an admin.
 */
export const accessProjection = defineProjection<SessionEvent | AccountEvent>(ACCESS_PROJECTION, 2, {
  SessionEnded: (event) => [rm.valueSet(accessKeys.ended(event.data.sessionId), event.data.endedAt)],
  // Every change, not only the last: a session outdated by one change stays outdated whatever changes come after.
  PasswordChanged: (event) => [
    rm.sortedAdd(
      accessKeys.passwordChanges(event.data.userId),
      event.metadata.globalPosition,
      JSON.stringify({ changedAt: event.data.changedAt, keptSessionId: event.data.keptSessionId }),
    ),
  ],
  AdminRoleGranted: (event) => [rm.setAdd(accessKeys.admins, event.data.userId)],
});

/** Whether the user is an admin, as the access model has it; null while the model is being rebuilt from empty. */
export const adminRoleOf = defineQuery([ACCESS_PROJECTION], async (readModels, userId: string): Promise<boolean | null> => {
  const [recovering, admin] = await Promise.all([
    readModels.isRecovering(ACCESS_PROJECTION),
    readModels.view(ACCESS_PROJECTION).setHas(accessKeys.admins, userId),
  ]);
  return recovering || (await readModels.isRecovering(ACCESS_PROJECTION)) ? null : admin;
});

/**
 * What may have revoked a session, as the access model has it; null while the model is being rebuilt from empty (it
 * would miss revocations). The recovery mark is read again after the values: a flush between the first check and
 * the reads would otherwise pass an emptied model for a complete one.
 */
export const sessionRevocations = defineQuery(
  [ACCESS_PROJECTION],
  async (readModels, claims: { sessionId: string; userId: string }): Promise<SessionFacts | null> => {
    const access = readModels.view(ACCESS_PROJECTION);
    const [recovering, endedAt, changes] = await Promise.all([
      readModels.isRecovering(ACCESS_PROJECTION),
      access.value(accessKeys.ended(claims.sessionId)),
      access.sortedRange(accessKeys.passwordChanges(claims.userId), 0, -1),
    ]);
    if (recovering || (await readModels.isRecovering(ACCESS_PROJECTION))) return null;
    return { ended: endedAt !== null, passwordChanges: changes.map((change) => JSON.parse(change) as PasswordChange) };
  },
);
