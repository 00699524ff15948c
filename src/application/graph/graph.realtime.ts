import type { GraphEvent } from '@domain/graph';
import { defineRealtimeProjection, userRoom } from '@application/shared/realtime';
import { RELATIONSHIPS_PROJECTION } from './relationships.projection';

/**
 * Contract section 3, emitted by the server (the client's own `block user` and `unblock user` messages are ignored):
 * blocks carry the pair, for the two users only, once the block lists have it. Follow changes carry user cards:
 * profile emits them. One consumer emits both, in the order of the log.
 */
export const graphRealtime = defineRealtimeProjection<GraphEvent>('graph.realtime', [RELATIONSHIPS_PROJECTION], {
  UserBlocked: async (event) => [
    {
      room: [userRoom(event.data.blockerId), userRoom(event.data.blockedId)],
      event: 'blocked user id',
      args: [{ blockedUser: event.data.blockedId, blockedBy: event.data.blockerId }],
    },
  ],
  UserUnblocked: async (event) => [
    {
      room: [userRoom(event.data.blockerId), userRoom(event.data.blockedId)],
      event: 'unblocked user id',
      args: [{ blockedUser: event.data.blockedId, blockedBy: event.data.blockerId }],
    },
  ],
});
