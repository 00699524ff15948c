import { NotFoundError } from '@domain/shared';
import { followerCardsOf, type FollowerCard } from '@application/profile/user-documents.query';
import { USERS_PROJECTION } from '@application/profile/users.projection';
import type { ReadModels } from '@application/shared/read-models';
import { followerIds, followingIds, hiddenFrom } from './graph.queries';
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

/** A user's followers; a user the viewer blocks, or who blocks the viewer, is not found. */
export const getFollowers = async (readModels: ReadModels, viewerId: string, userId: string): Promise<FollowerCard[]> => {
  if ((await hiddenFrom(readModels, viewerId)).has(userId)) throw new NotFoundError('User not found');
  return visibleCards(readModels, viewerId, await followerIds(readModels, userId));
};
