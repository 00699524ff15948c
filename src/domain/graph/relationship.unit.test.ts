import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
import {
  AlreadyBlocked,
  AlreadyFollowing,
  CannotTargetSelf,
  NotBlocked,
  NotFollowing,
  relationshipDecider,
  relationshipStreamId,
  UsersBlocked,
  type GraphEvent,
} from './relationship';

const metadata = commandMetadata();
const at = metadata.now.toISOString();
const follow = (followerId: string, followeeId: string) => ({ type: 'FollowUser' as const, data: { followerId, followeeId }, metadata });
const followed = (followerId: string, followeeId: string): GraphEvent => ({ type: 'UserFollowed', data: { followerId, followeeId, followedAt: at } });
const blocked = (blockerId: string, blockedId: string): GraphEvent => ({ type: 'UserBlocked', data: { blockerId, blockedId, blockedAt: at } });
const spec = specify(relationshipDecider);

describe('the relationship of two users', () => {
  it('is one stream whichever user names it', () => expect(relationshipStreamId('b', 'a')).toBe(relationshipStreamId('a', 'b')));

  describe('following', () => {
    it('lets a user follow another', () =>
      spec
        .given([])
        .when(follow('a', 'b'))
        .then([followed('a', 'b')]));
    it('refuses following yourself', () => spec.given([]).when(follow('a', 'a')).thenThrows(CannotTargetSelf));
    it('refuses a second follow of the same user', () =>
      spec
        .given([followed('a', 'b')])
        .when(follow('a', 'b'))
        .thenThrows(AlreadyFollowing));
    it('lets both follow each other', () =>
      spec
        .given([followed('a', 'b')])
        .when(follow('b', 'a'))
        .then([followed('b', 'a')]));
    it('refuses a follow while either blocks the other', () => {
      spec
        .given([blocked('b', 'a')])
        .when(follow('a', 'b'))
        .thenThrows(UsersBlocked);
      spec
        .given([blocked('a', 'b')])
        .when(follow('a', 'b'))
        .thenThrows(UsersBlocked);
    });
    it('unfollows only someone followed', () => {
      spec
        .given([])
        .when({ type: 'UnfollowUser', data: { followerId: 'a', followeeId: 'b' }, metadata })
        .thenThrows(NotFollowing);
      spec
        .given([followed('a', 'b')])
        .when({ type: 'UnfollowUser', data: { followerId: 'a', followeeId: 'b' }, metadata })
        .then([{ type: 'UserUnfollowed', data: { followerId: 'a', followeeId: 'b', unfollowedAt: at } }]);
    });
  });

  describe('blocking', () => {
    const block = (blockerId: string, blockedId: string) => ({ type: 'BlockUser' as const, data: { blockerId, blockedId }, metadata });
    it('ends the follows of both directions in the same commit', () =>
      spec
        .given([followed('a', 'b'), followed('b', 'a')])
        .when(block('a', 'b'))
        .then([
          blocked('a', 'b'),
          { type: 'UserUnfollowed', data: { followerId: 'a', followeeId: 'b', unfollowedAt: at } },
          { type: 'UserUnfollowed', data: { followerId: 'b', followeeId: 'a', unfollowedAt: at } },
        ]));
    it('refuses blocking yourself or blocking twice', () => {
      spec.given([]).when(block('a', 'a')).thenThrows(CannotTargetSelf);
      spec
        .given([blocked('a', 'b')])
        .when(block('a', 'b'))
        .thenThrows(AlreadyBlocked);
    });
    it('lets the other user block too, and unblocks only a block of your own', () => {
      spec
        .given([blocked('a', 'b')])
        .when(block('b', 'a'))
        .then([blocked('b', 'a')]);
      spec
        .given([blocked('a', 'b')])
        .when({ type: 'UnblockUser', data: { blockerId: 'b', blockedId: 'a' }, metadata })
        .thenThrows(NotBlocked);
      spec
        .given([blocked('a', 'b')])
        .when({ type: 'UnblockUser', data: { blockerId: 'a', blockedId: 'b' }, metadata })
        .then([{ type: 'UserUnblocked', data: { blockerId: 'a', blockedId: 'b', unblockedAt: at } }]);
    });
  });
});
