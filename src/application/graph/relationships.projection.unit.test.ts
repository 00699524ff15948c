import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import type { GraphEvent } from '@domain/graph';
import { relationshipsProjection } from './relationships.projection';

const at = '2026-01-01T00:00:00.000Z';
const followed = (followerId: string, followeeId: string): GraphEvent => ({ type: 'UserFollowed', data: { followerId, followeeId, followedAt: at } });
const unfollowed = (followerId: string, followeeId: string): GraphEvent => ({ type: 'UserUnfollowed', data: { followerId, followeeId, unfollowedAt: at } });
const blocked = (blockerId: string, blockedId: string): GraphEvent => ({ type: 'UserBlocked', data: { blockerId, blockedId, blockedAt: at } });
const unblocked = (blockerId: string, blockedId: string): GraphEvent => ({ type: 'UserUnblocked', data: { blockerId, blockedId, unblockedAt: at } });
const spec = specifyProjection(relationshipsProjection);

describe('the relationships projection', () => {
  describe('a follow', () => {
    it("adds the follower to the followee's followers and the followee to the follower's following", () =>
      spec.given([followed('a', 'b')]).then([rm.sortedAdd('followers:b', 1, 'a'), rm.sortedAdd('following:a', 1, 'b')]));
    it('scores a follower by the global position of the follow (not its stream version), so the newest comes first', () =>
      spec
        .given([recorded(followed('a', 'b'), 42, { streamVersion: 3 }), recorded(followed('c', 'b'), 57, { streamVersion: 1 })])
        .then([
          rm.sortedAdd('followers:b', 42, 'a'),
          rm.sortedAdd('following:a', 42, 'b'),
          rm.sortedAdd('followers:b', 57, 'c'),
          rm.sortedAdd('following:c', 57, 'b'),
        ]));
    it('is undone by an unfollow on both sides', () =>
      spec
        .given([followed('a', 'b'), unfollowed('a', 'b')])
        .then([
          rm.sortedAdd('followers:b', 1, 'a'),
          rm.sortedAdd('following:a', 1, 'b'),
          rm.sortedRemove('followers:b', 'a'),
          rm.sortedRemove('following:a', 'b'),
        ]));
  });

  describe('a block', () => {
    it('is recorded on both sides: whom the blocker blocks, and who blocks the blocked user', () =>
      spec.given([blocked('a', 'b')]).then([rm.setAdd('blocking:a', 'b'), rm.setAdd('blocked-by:b', 'a')]));
    it('is removed from both sides by an unblock', () =>
      spec.given([unblocked('a', 'b')]).then([rm.setRemove('blocking:a', 'b'), rm.setRemove('blocked-by:b', 'a')]));
    it('empties the follow lists between the two only through the unfollows committed with it', () =>
      spec
        .given([blocked('a', 'b'), unfollowed('a', 'b'), unfollowed('b', 'a')])
        .then([
          rm.setAdd('blocking:a', 'b'),
          rm.setAdd('blocked-by:b', 'a'),
          rm.sortedRemove('followers:b', 'a'),
          rm.sortedRemove('following:a', 'b'),
          rm.sortedRemove('followers:a', 'b'),
          rm.sortedRemove('following:b', 'a'),
        ]));
  });

  it('writes nothing for events of other contexts', () =>
    spec
      .given([
        { type: 'AdminRoleGranted', data: { userId: 'a', grantedAt: at } },
        { type: 'NotificationRead', data: { notificationId: 'n1', userTo: 'a', readAt: at } },
      ])
      .thenNothing());
});
