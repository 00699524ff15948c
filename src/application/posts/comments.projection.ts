import type { CommentEvent, PostEvent } from '@domain/posts';
import { defineProjection, rm, type ReadModelWrite } from '@application/shared/projection';
import { COMMENTS_PROJECTION, engagementKeys } from './engagement.query';

export const commentKeys = {
  /** Exists while the post does (its value: the post's author): comment events that come after the post's deletion write nothing. */
  livePost: (postId: string) => `live-post:${postId}`,
  /** Comment ids scored by the position of their addition: newest first is a reverse range; its size is `commentsCount`. */
  comments: engagementKeys.comments,
  /** Field = comment id, value = JSON `StoredComment` (what never changes). */
  details: (postId: string) => `comment-details:${postId}`,
  /** Field = comment id, value = the comment's text as last edited. */
  texts: (postId: string) => `comment-texts:${postId}`,
  /** Field = user id, value = how many live comments they have on the post (0 once they deleted them all). */
  commenters: (postId: string) => `commenters:${postId}`,
};

/** What the projection keeps of a comment besides its text. */
export type StoredComment = Readonly<{ authorId: string; createdAt: string }>;

/*
 * Every key is per post, so the post's deletion removes them all at once; the comment events are guarded by the
 * post's live marker, so one appended just after the post was deleted (the command saw the post, the projection had
 * already applied the deletion) writes nothing, live or in a rebuild. A comment is added and deleted once each (its
 * stream decides), both while the post lives or both not at all, so the per-author counts stay exact: a reader who
 * hides some users sees the post's count less theirs, without reading the comments.
 */
const whilePostLives = (postId: string, writes: ReadModelWrite[]): ReadModelWrite[] => rm.ifExists(commentKeys.livePost(postId), writes);

export const commentsProjection = defineProjection<CommentEvent | PostEvent>(COMMENTS_PROJECTION, 2, {
  PostCreated: ({ data }) => [rm.valueSet(commentKeys.livePost(data.postId), data.authorId)],
  PostDeleted: ({ data }) => [
    rm.delete(commentKeys.livePost(data.postId)),
    rm.delete(commentKeys.comments(data.postId)),
    rm.delete(commentKeys.details(data.postId)),
    rm.delete(commentKeys.texts(data.postId)),
    rm.delete(commentKeys.commenters(data.postId)),
  ],
  CommentAdded: (event) => {
    const { postId, commentId, authorId, comment, addedAt } = event.data;
    const position = event.metadata.globalPosition;
    const stored: StoredComment = { authorId, createdAt: addedAt };
    return whilePostLives(postId, [
      rm.sortedAdd(commentKeys.comments(postId), position, commentId),
      rm.hashSet(commentKeys.details(postId), { [commentId]: JSON.stringify(stored) }),
      rm.hashSet(commentKeys.texts(postId), { [commentId]: comment }),
      rm.hashIncrement(commentKeys.commenters(postId), authorId, 1),
    ]);
  },
  CommentEdited: ({ data }) => whilePostLives(data.postId, [rm.hashSet(commentKeys.texts(data.postId), { [data.commentId]: data.comment })]),
  CommentDeleted: ({ data }) =>
    whilePostLives(data.postId, [
      rm.sortedRemove(commentKeys.comments(data.postId), data.commentId),
      rm.hashDelete(commentKeys.details(data.postId), data.commentId),
      rm.hashDelete(commentKeys.texts(data.postId), data.commentId),
      rm.hashIncrement(commentKeys.commenters(data.postId), data.authorId, -1),
    ]),
});
