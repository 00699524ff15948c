import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import type { AccountEvent } from '@domain/identity';
import type { PostContent, PostEvent, ReactionEvent, ReactionType } from '@domain/posts';
import { reactionsProjection } from './reactions.projection';

const at = '2026-01-01T00:00:00.000Z';
const content: PostContent = { post: 'hello', bgColor: '', privacy: 'Public', feelings: '', gifUrl: '', image: null, video: null };
const postCreated: PostEvent = { type: 'PostCreated', data: { postId: 'p1', authorId: 'ann', ...content, createdAt: at } };
const postDeleted: PostEvent = { type: 'PostDeleted', data: { postId: 'p1', authorId: 'ann', media: [], deletedAt: at } };
const given = (type: ReactionType, previousType: ReactionType | null = null, userId = 'bob'): ReactionEvent => ({
  type: 'ReactionGiven',
  data: { postId: 'p1', userId, postAuthorId: 'ann', type, previousType, givenAt: at },
});
const removed = (type: ReactionType): ReactionEvent => ({
  type: 'ReactionRemoved',
  data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type, removedAt: at },
});
const counts = 'reaction-counts:p1';
const reactions = 'reactions:p1';
const spec = specifyProjection(reactionsProjection);

describe('the reactions projection', () => {
  it('starts a post’s counts at zero when it is created (the key that reaction events need)', () =>
    spec.given([postCreated]).then([rm.hashSet(counts, { like: '0', love: '0', happy: '0', wow: '0', sad: '0', angry: '0' })]));

  it('counts a first reaction and records it for the post, its reactors and the user, only while the post lives', () =>
    spec
      .given([recorded(given('like'), 5)])
      .then(
        rm.ifExists(counts, [
          rm.hashIncrement(counts, 'like', 1),
          rm.hashSet(reactions, { bob: JSON.stringify({ type: 'like', createdAt: at }) }),
          rm.sortedAdd('reactors:p1', 5, 'bob'),
          rm.sortedAdd('reacted:bob', 5, 'p1'),
        ]),
      ));

  it('moves one count from the previous type to the new one when a user changes their reaction, and replaces it', () =>
    spec
      .given([recorded(given('love', 'like'), 9)])
      .then(
        rm.ifExists(counts, [
          rm.hashIncrement(counts, 'love', 1),
          rm.hashIncrement(counts, 'like', -1),
          rm.hashSet(reactions, { bob: JSON.stringify({ type: 'love', createdAt: at }) }),
          rm.sortedAdd('reactors:p1', 9, 'bob'),
          rm.sortedAdd('reacted:bob', 9, 'p1'),
        ]),
      ));

  it('takes a removed reaction out of the count and of every key', () =>
    spec
      .given([removed('wow')])
      .then(
        rm.ifExists(counts, [
          rm.hashIncrement(counts, 'wow', -1),
          rm.hashDelete(reactions, 'bob'),
          rm.sortedRemove('reactors:p1', 'bob'),
          rm.sortedRemove('reacted:bob', 'p1'),
        ]),
      ));

  it('removes everything of a deleted post: each reactor’s list entry, then its reactions, reactors and counts', () =>
    spec
      .given([postDeleted])
      .then([rm.sortedRemoveFromEach('reactors:p1', 'reacted:', 'p1'), rm.delete(reactions), rm.delete('reactors:p1'), rm.delete(counts)]));

  it('guards every reaction write by the counts of the reaction’s own post', () => {
    const writes = [
      ...reactionsProjection.handlers.ReactionGiven!(recorded(given('sad', 'wow'), 3)),
      ...reactionsProjection.handlers.ReactionRemoved!(recorded(removed('sad'), 4)),
    ];
    expect(writes.every((write) => write.onlyIfExists === counts)).toBe(true);
  });

  it('indexes users by their username in lower case, for the routes by username', () => {
    const registered: AccountEvent = {
      type: 'AccountRegistered',
      data: { userId: 'u1', username: 'Manny', email: 'm@example.com', passwordHash: 'h', avatarColor: 'red', profilePicture: '', uId: '1', registeredAt: at },
    };
    spec.given([registered]).then([rm.valueSet('user-by-name:manny', 'u1')]);
  });

  it('writes nothing for comments', () =>
    spec
      .given([{ type: 'CommentAdded', data: { commentId: 'c1', postId: 'p1', postAuthorId: 'ann', authorId: 'bob', comment: 'x', addedAt: at } }])
      .thenNothing());
});
