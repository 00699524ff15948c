import type { GraphEvent } from '@domain/graph';
import { followerCardsOf } from '@application/profile/user-documents.query';
import { defineRealtimeProjection, profileViewersRoom, userRoom } from '@application/shared/realtime';
import { FOLLOW_LIST_PROJECTIONS } from './follow-lists.query';

/**
 * Contract section 3, emitted by the server (the client's own `unfollow user`, `block user` and `unblock user`
 * messages are ignored): follow changes carry the followed user's card with its new counts, for the two users and for
 * those who looked at either one's profile or followers; blocks carry the pair, for the two users only.
 */
const followRooms = (followerId: string, followeeId: string): string[] => [
  userRoom(followerId),
  userRoom(followeeId),
  profileViewersRoom(followerId),
  profileViewersRoom(followeeId),
];

export const graphRealtime = defineRealtimeProjection<GraphEvent>('graph.realtime', FOLLOW_LIST_PROJECTIONS, {
  UserFollowed: async (event, { readModels }) => {
    const [card] = await followerCardsOf(readModels, [event.data.followeeId]);
    return card ? [{ room: followRooms(event.data.followerId, event.data.followeeId), event: 'add follower', args: [card] }] : [];
  },
  UserUnfollowed: async (event, { readModels }) => {
    const [card] = await followerCardsOf(readModels, [event.data.followeeId]);
    return card ? [{ room: followRooms(event.data.followerId, event.data.followeeId), event: 'remove follower', args: [card] }] : [];
  },
  UserBlocked: async (event) => [
    { room: [userRoom(event.data.blockerId), userRoom(event.data.blockedId)], event: 'blocked user id', args: [{ blockedUser: event.data.blockedId, blockedBy: event.data.blockerId }] },
  ],
  UserUnblocked: async (event) => [
    { room: [userRoom(event.data.blockerId), userRoom(event.data.blockedId)], event: 'unblocked user id', args: [{ blockedUser: event.data.blockedId, blockedBy: event.data.blockerId }] },
  ],
});
