import { usernamesFromAccounts } from '@application/identity';
import type { SharedDependencies } from '@application/shared/dependencies';
import { userCardsOf } from './user-documents.query';

/**
 * Usernames as the users read model spells them (what the client's `profile.username` holds), in order, null for an
 * unknown user. A user who signed up a moment ago may not be in the read model yet: their name then comes from their
 * account, for at most `maxFromAccounts` of them (while the whole model is rebuilt, lists wait for it).
 */
export const usernamesOf = async (
  { store, readModels }: Pick<SharedDependencies, 'store' | 'readModels'>,
  userIds: readonly string[],
  maxFromAccounts = 10,
): Promise<Array<string | null>> => {
  const names = new Map((await userCardsOf.run(readModels, userIds)).map((card) => [card.userId, card.username]));
  const missing = userIds.filter((userId) => !names.has(userId)).slice(0, maxFromAccounts);
  const fromAccounts = await usernamesFromAccounts(store, missing);
  missing.forEach((userId, index) => fromAccounts[index] && names.set(userId, fromAccounts[index]));
  return userIds.map((userId) => names.get(userId) ?? null);
};
