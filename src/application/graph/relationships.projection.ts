import { defineProjection, rm } from '@application/shared/projection';
import type { GraphEvent } from '@domain/graph';

export const RELATIONSHIPS_PROJECTION = 'graph.relationships';

/** Follow lists are sorted sets scored by global position (newest first = reverse range); counts are their sizes. */
export const relationshipKeys = {
  followers: (userId: string) => `followers:${userId}`,
  following: (userId: string) => `following:${userId}`,
  /** Users this user blocks. */
  blocking: (userId: string) => `blocking:${userId}`,
  /** Users who block this user. */
  blockedBy: (userId: string) => `blocked-by:${userId}`,
};

export const relationshipsProjection = defineProjection<GraphEvent>(RELATIONSHIPS_PROJECTION, 1, {
  UserFollowed: (event) => [
    rm.sortedAdd(relationshipKeys.followers(event.data.followeeId), event.metadata.globalPosition, event.data.followerId),
    rm.sortedAdd(relationshipKeys.following(event.data.followerId), event.metadata.globalPosition, event.data.followeeId),
  ],
  UserUnfollowed: (event) => [
    rm.sortedRemove(relationshipKeys.followers(event.data.followeeId), event.data.followerId),
    rm.sortedRemove(relationshipKeys.following(event.data.followerId), event.data.followeeId),
  ],
  UserBlocked: (event) => [
    rm.setAdd(relationshipKeys.blocking(event.data.blockerId), event.data.blockedId),
    rm.setAdd(relationshipKeys.blockedBy(event.data.blockedId), event.data.blockerId),
  ],
  UserUnblocked: (event) => [
    rm.setRemove(relationshipKeys.blocking(event.data.blockerId), event.data.blockedId),
    rm.setRemove(relationshipKeys.blockedBy(event.data.blockedId), event.data.blockerId),
  ],
});
