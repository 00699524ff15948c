import { CommentNotFound, PostNotFound } from '@domain/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { commentKeys, type StoredComment } from './comments.projection';
import { ENGAGEMENT_LIST_LIMIT, userCardsOf, visiblePostFor } from './engagement-access.query';
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
 * A post's comments are two hashes read whole (the read model offers no read of chosen hash fields): what a route
 * answers is bounded, what it reads grows with the post's comments. Comments of users hidden from the reader by a
 * block are left out of everything, counts included.
 */
const visibleComments = async (readModels: ReadModels, reader: Reader, postId: string): Promise<Comment[]> => {
  const view = readModels.view(COMMENTS_PROJECTION);
  const [details, texts] = await Promise.all([view.hash(commentKeys.details(postId)), view.hash(commentKeys.texts(postId))]);
  const comments: Comment[] = [];
  for (const [commentId, json] of Object.entries(details ?? {})) {
    const comment = texts?.[commentId];
    const stored = JSON.parse(json) as StoredComment;
    if (comment !== undefined && !reader.hidden.has(stored.authorId)) comments.push({ ...stored, commentId, comment });
  }
  return comments.sort((a, b) => b.position - a.position);
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

/** The post as the viewer may see it; a post they may not see is not found, as if it did not exist. */
const visiblePost = async (readModels: ReadModels, viewerId: string, postId: string) => {
  const visible = await visiblePostFor.run(readModels, viewerId, postId);
  if (!visible) throw new PostNotFound();
  return visible;
};

/** Contract 2.5 `GET /post/comments/:postId`: the newest comments first, at most 100. */
export const getPostComments = defineQuery(READS, async (readModels, viewerId: string, postId: string): Promise<CommentDocument[]> => {
  const { reader, post } = await visiblePost(readModels, viewerId, postId);
  const comments = await visibleComments(readModels, reader, postId);
  return documentsOf(readModels, postId, post.authorId, comments.slice(0, ENGAGEMENT_LIST_LIMIT));
});

/**
 * Contract 2.5 `GET /post/commentsnames/:postId`: how many comments the viewer may see, and who wrote them (each name
 * once, the latest commenters first, at most 100 names).
 */
export const getCommentNames = defineQuery(READS, async (readModels, viewerId: string, postId: string): Promise<CommentNames> => {
  const { reader } = await visiblePost(readModels, viewerId, postId);
  const comments = await visibleComments(readModels, reader, postId);
  const authors = [...new Set(comments.map((comment) => comment.authorId))].slice(0, ENGAGEMENT_LIST_LIMIT);
  const cards = await userCardsOf.run(readModels, authors);
  return { count: comments.length, names: authors.map((authorId) => cards.get(authorId)?.username ?? '').filter((name) => name !== '') };
});

/** Contract 2.5 `GET /post/single/comment/:postId/:commentId`. */
export const getComment = defineQuery(READS, async (readModels, viewerId: string, postId: string, commentId: string): Promise<CommentDocument> => {
  const { reader, post } = await visiblePost(readModels, viewerId, postId);
  const comment = (await visibleComments(readModels, reader, postId)).find((candidate) => candidate.commentId === commentId);
  const [document] = comment ? await documentsOf(readModels, postId, post.authorId, [comment]) : [];
  if (!document) throw new CommentNotFound();
  return document;
});
