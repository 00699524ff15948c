import { CommentNotFound } from '@domain/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { commentKeys, type StoredComment } from './comments.projection';
import { ENGAGEMENT_LIST_LIMIT, newestOf, userCardsOf, visiblePost, visiblePostFor } from './engagement-access.query';
import { COMMENTS_PROJECTION } from './engagement.query';
import type { Reader } from './reader.query';

/** The contract's comment document (`ICommentDocument`), plus the commenter's id (what tells the client whose comment it is). */
export type CommentDocument = Readonly<{
  _id: string;
  postId: string;
  userId: string;
  userTo: string;
  username: string;
  avatarColor: string;
  profilePicture: string;
  comment: string;
  createdAt: string;
}>;

export type CommentNames = Readonly<{ count: number; names: string[] }>;

type Comment = StoredComment & Readonly<{ commentId: string; comment: string }>;

/*
 * A post's comments are read from the newest end of its sorted set, with the chosen fields of its two hashes: what a
 * route reads is bounded like what it answers. Comments of users hidden from the reader by a block are left out of
 * everything, counts included.
 */
const commentsById = async (readModels: ReadModels, postId: string, commentIds: readonly string[]): Promise<Array<Comment | null>> => {
  const view = readModels.view(COMMENTS_PROJECTION);
  const [details, texts] = await Promise.all([
    view.hashFields(commentKeys.details(postId), commentIds),
    view.hashFields(commentKeys.texts(postId), commentIds),
  ]);
  return commentIds.map((commentId, index) => {
    const json = details[index];
    const comment = texts[index];
    return json && comment !== null && comment !== undefined ? { ...(JSON.parse(json) as StoredComment), commentId, comment } : null;
  });
};

const newestVisibleComments = (readModels: ReadModels, reader: Reader, postId: string): Promise<Comment[]> =>
  newestOf(readModels.view(COMMENTS_PROJECTION), commentKeys.comments(postId), ENGAGEMENT_LIST_LIMIT, async (commentIds) =>
    (await commentsById(readModels, postId, commentIds)).map((comment) => (comment && !reader.hidden.has(comment.authorId) ? comment : null)),
  );

/** How many comments the reader may see: all of them, less those of hidden users (their counts on the post, in one command). */
const visibleCommentCount = async (readModels: ReadModels, reader: Reader, postId: string): Promise<number> => {
  const view = readModels.view(COMMENTS_PROJECTION);
  const [total, hiddenCounts] = await Promise.all([
    view.sortedSize(commentKeys.comments(postId)),
    view.hashFields(commentKeys.commenters(postId), [...reader.hidden]),
  ]);
  const hidden = hiddenCounts.reduce((sum, count) => sum + Math.max(0, Number(count ?? 0)), 0);
  return Math.max(0, total - hidden);
};

const documentsOf = async (readModels: ReadModels, postId: string, postAuthorId: string, comments: readonly Comment[]): Promise<CommentDocument[]> => {
  const cards = await userCardsOf.run(
    readModels,
    comments.map((comment) => comment.authorId),
  );
  return comments.map(({ commentId, authorId, comment, createdAt }) => {
    const card = cards.get(authorId);
    return {
      _id: commentId,
      postId,
      userId: authorId,
      userTo: postAuthorId,
      username: card?.username ?? '',
      avatarColor: card?.avatarColor ?? '',
      profilePicture: card?.profilePicture ?? '',
      comment,
      createdAt,
    };
  });
};

const READS = readsOf(visiblePostFor, userCardsOf, COMMENTS_PROJECTION);

/** Contract 2.5 `GET /post/comments/:postId`: the newest comments first, at most 100. */
export const getPostComments = defineQuery(READS, async (readModels, viewerId: string, postId: string): Promise<CommentDocument[]> => {
  const { reader, post } = await visiblePost(readModels, viewerId, postId);
  return documentsOf(readModels, postId, post.authorId, await newestVisibleComments(readModels, reader, postId));
});

/**
 * Contract 2.5 `GET /post/commentsnames/:postId`: how many comments the viewer may see, and who wrote the newest 100
 * of them (each name once, the latest commenters first).
 */
export const getCommentNames = defineQuery(READS, async (readModels, viewerId: string, postId: string): Promise<CommentNames> => {
  const { reader } = await visiblePost(readModels, viewerId, postId);
  const [comments, count] = await Promise.all([newestVisibleComments(readModels, reader, postId), visibleCommentCount(readModels, reader, postId)]);
  const authors = [...new Set(comments.map((comment) => comment.authorId))];
  const cards = await userCardsOf.run(readModels, authors);
  return { count, names: authors.map((authorId) => cards.get(authorId)?.username ?? '').filter((name) => name !== '') };
});

/** Contract 2.5 `GET /post/single/comment/:postId/:commentId`. */
export const getComment = defineQuery(READS, async (readModels, viewerId: string, postId: string, commentId: string): Promise<CommentDocument> => {
  const { reader, post } = await visiblePost(readModels, viewerId, postId);
  const [comment] = await commentsById(readModels, postId, [commentId]);
  if (comment && reader.hidden.has(comment.authorId)) throw new CommentNotFound();
  const [document] = comment ? await documentsOf(readModels, postId, post.authorId, [comment]) : [];
  if (!document) throw new CommentNotFound();
  return document;
});
