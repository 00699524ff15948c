import { NotFoundError } from '@domain/shared';
import { followerCardsOf, type FollowerCard } from '@application/profile/user-documents.query';
import { USERS_PROJECTION } from '@application/profile/users.projection';
import type { ReadModels } from '@application/shared/read-models';
import { blockLists, followerIds, followingIds, hiddenFrom } from './graph.queries';
import { RELATIONSHIPS_PROJECTION } from './relationships.projection';

/** The projections the follow lists are read from. */
export const FOLLOW_LIST_PROJECTIONS = [RELATIONSHIPS_PROJECTION, USERS_PROJECTION] as const;

/** Cards of the users `ids` names, newest follow first, without those the viewer blocks or is blocked by. */
const visibleCards = async (readModels: ReadModels, viewerId: string, ids: readonly string[]): Promise<FollowerCard[]> => {
  const hidden = await hiddenFrom(readModels, viewerId);
  return followerCardsOf(readModels, ids.filter((id) => !hidden.has(id)));
};

export const getFollowing = async (readModels: ReadModels, viewerId: string): Promise<FollowerCard[]> =>
  visibleCards(readModels, viewerId, await followingIds(readModels, viewerId));

/**
 * A user's followers; a user the viewer blocks, or who blocks the viewer, is not found. A block ends the follows both
 * ways, yet the client's only Unblock buttons are on the cards of the owner's own followers: so the owner's own list
 * ends with the users they block, whose cards the client shows with an Unblock button.
 */
export const getFollowers = async (readModels: ReadModels, viewerId: string, userId: string): Promise<FollowerCard[]> => {
  const { blocked, blockedBy } = await blockLists(readModels, viewerId);
  const hidden = new Set([...blocked, ...blockedBy]);
  if (hidden.has(userId)) throw new NotFoundError('User not found');
  const followers = (await followerIds(readModels, userId)).filter((id) => !hidden.has(id));
  return followerCardsOf(readModels, viewerId === userId ? [...followers, ...blocked] : followers);
};
