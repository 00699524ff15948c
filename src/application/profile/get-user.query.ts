import { blockLists, followCounts } from '@application/graph/graph.queries';
import { RELATIONSHIPS_PROJECTION } from '@application/graph/relationships.projection';
import type { ReadModels } from '@application/shared/read-models';
import { userDocumentOf, type UserCard, type UserDocument } from './user-document';
import { USERS_PROJECTION, userKeys } from './users.projection';

/** The projections a user document is read from: wait for these to read your own writes. */
export const USER_DOCUMENT_PROJECTIONS = [USERS_PROJECTION, RELATIONSHIPS_PROJECTION] as const;

export const userCardsOf = async (readModels: ReadModels, userIds: readonly string[]): Promise<UserCard[]> => {
  const cards = await readModels.view(USERS_PROJECTION).hashes(userIds.map(userKeys.user));
  return cards.filter((card): card is Record<string, string> => card !== null) as UserCard[];
};

/** The contract's user document: the profile, with counts and blocks from the graph read model. */
export const getUserDocument = async (readModels: ReadModels, userId: string): Promise<UserDocument | null> => {
  const [card] = await userCardsOf(readModels, [userId]);
  if (!card) return null;
  const [counts, blocks] = await Promise.all([followCounts(readModels, userId), blockLists(readModels, userId)]);
  return userDocumentOf(card, { postsCount: 0, ...counts, ...blocks });
};
