import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import type { CommentEvent, PostContent, PostEvent } from '@domain/posts';
import { commentsProjection } from './comments.projection';

const at = '2026-01-01T00:00:00.000Z';
const content: PostContent = { post: 'hello', bgColor: '', privacy: 'Public', feelings: '', gifUrl: '', image: null, video: null };
const postCreated: PostEvent = { type: 'PostCreated', data: { postId: 'p1', authorId: 'ann', ...content, createdAt: at } };
const postDeleted: PostEvent = { type: 'PostDeleted', data: { postId: 'p1', authorId: 'ann', media: [], deletedAt: at } };
const added = (commentId: string, authorId = 'bob', comment = 'nice'): CommentEvent => ({
  type: 'CommentAdded',
  data: { commentId, postId: 'p1', postAuthorId: 'ann', authorId, comment, addedAt: at },
});
const edited = (commentId: string, comment: string): CommentEvent => ({
  type: 'CommentEdited',
  data: { commentId, postId: 'p1', authorId: 'bob', comment, editedAt: at },
});
const deleted = (commentId: string): CommentEvent => ({
  type: 'CommentDeleted',
  data: { commentId, postId: 'p1', authorId: 'bob', deletedBy: 'ann', deletedAt: at },
});
const live = 'live-post:p1';
const spec = specifyProjection(commentsProjection);

describe('the comments projection', () => {
  it('marks a post live when it is created', () => spec.given([postCreated]).then([rm.valueSet(live, 'ann')]));

  it('adds a comment to the post’s ids (scored by its position), its details, its text and its author’s count, only while the post lives', () =>
    spec
      .given([recorded(added('c1'), 7)])
      .then(
        rm.ifExists(live, [
          rm.sortedAdd('comments:p1', 7, 'c1'),
          rm.hashSet('comment-details:p1', { c1: JSON.stringify({ authorId: 'bob', createdAt: at }) }),
          rm.hashSet('comment-texts:p1', { c1: 'nice' }),
          rm.hashIncrement('commenters:p1', 'bob', 1),
        ]),
      ));

  it('replaces only the text on an edit', () =>
    spec.given([edited('c1', 'better')]).then(rm.ifExists(live, [rm.hashSet('comment-texts:p1', { c1: 'better' })])));

  it('removes the comment from every key on a deletion, and one from its author’s count (whoever deleted it)', () =>
    spec
      .given([deleted('c1')])
      .then(
        rm.ifExists(live, [
          rm.sortedRemove('comments:p1', 'c1'),
          rm.hashDelete('comment-details:p1', 'c1'),
          rm.hashDelete('comment-texts:p1', 'c1'),
          rm.hashIncrement('commenters:p1', 'bob', -1),
        ]),
      ));

  it('removes every key of a deleted post, so that later comment events (guarded by the live marker) write nothing', () =>
    spec
      .given([postDeleted])
      .then([rm.delete(live), rm.delete('comments:p1'), rm.delete('comment-details:p1'), rm.delete('comment-texts:p1'), rm.delete('commenters:p1')]));

  it('guards every comment write by the live marker of the comment’s own post', () => {
    const writes = [
      ...commentsProjection.handlers.CommentAdded!(recorded(added('c9'), 3)),
      ...commentsProjection.handlers.CommentEdited!(recorded(edited('c9', 'x'), 4)),
      ...commentsProjection.handlers.CommentDeleted!(recorded(deleted('c9'), 5)),
    ];
    expect(writes.every((write) => write.onlyIfExists === live)).toBe(true);
  });

  it('writes nothing for reactions or accounts', () =>
    spec
      .given([
        { type: 'ReactionGiven', data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type: 'like', previousType: null, givenAt: at } },
        { type: 'AdminRoleGranted', data: { userId: 'a', grantedAt: at } },
      ])
      .thenNothing());
});
