import type { GraphEvent } from '@domain/graph';
import type { RecordedEvent } from '@application/shared/event-store';
import { recorded } from '@application/shared/testing/projection-spec';
import { isFirstFollow } from './notify-on-follow.policy';

type UserFollowed = Extract<GraphEvent, { type: 'UserFollowed' }>;

const at = '2026-01-01T00:00:00.000Z';
const followed = (followerId: string, followeeId: string): GraphEvent => ({ type: 'UserFollowed', data: { followerId, followeeId, followedAt: at } });
const unfollowed = (followerId: string, followeeId: string): GraphEvent => ({ type: 'UserUnfollowed', data: { followerId, followeeId, unfollowedAt: at } });

/** given(the pair's stream).whenTheLastFollows().notifies() | .staysQuiet(): the follow is the stream's last event. */
const given = (...events: GraphEvent[]) => {
  const stream = events.map((event, index) => recorded(event, index + 1, { streamVersion: index + 1 }));
  const follow = stream.at(-1) as RecordedEvent<UserFollowed>;
  return { notifies: () => expect(isFirstFollow(stream, follow)).toBe(true), staysQuiet: () => expect(isFirstFollow(stream, follow)).toBe(false) };
};

describe('notifying a follow', () => {
  it('notifies the first follow of a pair', () => given(followed('a', 'b')).notifies());
  it('stays quiet when the same user follows again after an unfollow', () => given(followed('a', 'b'), unfollowed('a', 'b'), followed('a', 'b')).staysQuiet());
  it('notifies a follow back: the other user follows for the first time', () => given(followed('a', 'b'), followed('b', 'a')).notifies());
  it('judges a follow by what came before it, not by what came after', () => {
    const stream = [followed('a', 'b'), unfollowed('a', 'b'), followed('a', 'b')].map((event, index) =>
      recorded(event, index + 1, { streamVersion: index + 1 }),
    );
    expect(isFirstFollow(stream, stream[0] as RecordedEvent<UserFollowed>)).toBe(true);
  });
});
