import { NotFoundError } from '@domain/shared';
import { blockLists, followerIds, followingIds, hiddenFrom } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';
import { followerCardsOf, type FollowerCard } from './user-documents.query';

/** The users the viewer follows, newest follow first, as cards; without those the viewer blocks or is blocked by. */
export const getFollowing = defineQuery(readsOf(followingIds, hiddenFrom, followerCardsOf), async (readModels, viewerId: string): Promise<FollowerCard[]> => {
  const [ids, hidden] = await Promise.all([followingIds.run(readModels, viewerId), hiddenFrom.run(readModels, viewerId)]);
  return followerCardsOf.run(
    readModels,
    ids.filter((id) => !hidden.has(id)),
  );
});

/**
 * A user's followers; a user the viewer blocks, or who blocks the viewer, is not found. A block ends the follows both
 * ways, yet the client's only Unblock buttons are on the cards of the owner's own followers: so the owner's own list
 * ends with the users they block, whose cards the client shows with an Unblock button.
 */
export const getFollowers = defineQuery(
  readsOf(blockLists, followerIds, followerCardsOf),
  async (readModels, viewerId: string, userId: string): Promise<FollowerCard[]> => {
    const { blocked, blockedBy } = await blockLists.run(readModels, viewerId);
    const hidden = new Set([...blocked, ...blockedBy]);
    if (hidden.has(userId)) throw new NotFoundError('User not found');
    const followers = (await followerIds.run(readModels, userId)).filter((id) => !hidden.has(id));
    return followerCardsOf.run(readModels, viewerId === userId ? [...followers, ...blocked] : followers);
  },
);
