import { blockLists } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';
import { userDocumentOf, type UserDocument } from './user-document';
import { userCardsOf, userCountsOf } from './user-documents.query';

/** The contract's user document of the user themselves: the profile, with counts and blocks from the graph read model. */
export const getUserDocument = defineQuery(readsOf(userCardsOf, userCountsOf, blockLists), async (readModels, userId: string): Promise<UserDocument | null> => {
  const [card] = await userCardsOf.run(readModels, [userId]);
  if (!card) return null;
  const [[counts], blocks] = await Promise.all([userCountsOf.run(readModels, [userId]), blockLists.run(readModels, userId)]);
  return userDocumentOf(card, { ...counts!, ...blocks });
});
