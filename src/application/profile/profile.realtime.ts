import type { GraphEvent } from '@domain/graph';
import { hiddenFrom } from '@application/graph';
import { readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { defineRealtimeProjection, userRoom, type RealtimeEmit } from '@application/shared/realtime';
import { getFollowers, getFollowing } from './follow-lists.query';
import { profileViewersRoom } from './rooms';
import { followerCardsOf } from './user-documents.query';

/**
 * Contract section 3, emitted by the server (the client's own `unfollow user` messages are ignored): follow changes
 * carry the followed user's card with its new counts, for the two users and for those who looked at either one's
 * profile or followers, except users either of the two blocks or is blocked by.
 */
const followChange = async (readModels: ReadModels, event: string, followerId: string, followeeId: string): Promise<RealtimeEmit[]> => {
  const [[card], hiddenFromFollower, hiddenFromFollowee] = await Promise.all([
    followerCardsOf.run(readModels, [followeeId]),
    hiddenFrom.run(readModels, followerId),
    hiddenFrom.run(readModels, followeeId),
  ]);
  if (!card) return [];
  const room = [userRoom(followerId), userRoom(followeeId), profileViewersRoom(followerId), profileViewersRoom(followeeId)];
  // The two users themselves always hear of it: a block ends their follows in the same commit.
  const hidden = new Set([...hiddenFromFollower, ...hiddenFromFollowee]);
  hidden.delete(followerId);
  hidden.delete(followeeId);
  const except = [...hidden].map(userRoom);
  return [{ room, except, event, args: [card] }];
};

/** Clients re-read the follow lists on these messages: they go out once those lists have the change. */
export const profileRealtime = defineRealtimeProjection<GraphEvent>('profile.realtime', readsOf(getFollowers, getFollowing), {
  UserFollowed: (event, { readModels }) => followChange(readModels, 'add follower', event.data.followerId, event.data.followeeId),
  UserUnfollowed: (event, { readModels }) => followChange(readModels, 'remove follower', event.data.followerId, event.data.followeeId),
});
