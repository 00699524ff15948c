import type { GraphEvent } from '@domain/graph';
import { followerCardsOf } from '@application/profile/user-documents.query';
import type { ReadModels } from '@application/shared/read-models';
import { defineRealtimeProjection, profileViewersRoom, userRoom, type RealtimeEmit } from '@application/shared/realtime';
import { hiddenFrom } from './graph.queries';
import { FOLLOW_LIST_PROJECTIONS } from './follow-lists.query';

/**
 * Contract section 3, emitted by the server (the client's own `unfollow user`, `block user` and `unblock user`
 * messages are ignored): follow changes carry the followed user's card with its new counts, for the two users and for
 * those who looked at either one's profile or followers, except users either of the two blocks or is blocked by;
 * blocks carry the pair, for the two users only.
 */
const followChange = async (readModels: ReadModels, event: string, followerId: string, followeeId: string): Promise<RealtimeEmit[]> => {
  const [[card], hiddenFromFollower, hiddenFromFollowee] = await Promise.all([
    followerCardsOf(readModels, [followeeId]),
    hiddenFrom(readModels, followerId),
    hiddenFrom(readModels, followeeId),
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

export const graphRealtime = defineRealtimeProjection<GraphEvent>('graph.realtime', FOLLOW_LIST_PROJECTIONS, {
  UserFollowed: (event, { readModels }) => followChange(readModels, 'add follower', event.data.followerId, event.data.followeeId),
  UserUnfollowed: (event, { readModels }) => followChange(readModels, 'remove follower', event.data.followerId, event.data.followeeId),
  UserBlocked: async (event) => [
    { room: [userRoom(event.data.blockerId), userRoom(event.data.blockedId)], event: 'blocked user id', args: [{ blockedUser: event.data.blockedId, blockedBy: event.data.blockerId }] },
  ],
  UserUnblocked: async (event) => [
    { room: [userRoom(event.data.blockerId), userRoom(event.data.blockedId)], event: 'unblocked user id', args: [{ blockedUser: event.data.blockedId, blockedBy: event.data.blockerId }] },
  ],
});
