import type { CommandMetadata } from '@domain/shared';
import { commentDecider, commentStreamId, CommentNotFound, type CommentEvent } from '@domain/posts';
import { derivedId } from '@application/shared/ids';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, loadState, type CommandResult } from '@application/shared/handle-command';
import { postVisibleTo } from './post-access';

type Store = Pick<SharedDependencies, 'store'>;

/**
 * The new comment's id comes from the command id, so a request retried with the same `Idempotency-Key` (the same
 * command id) finds its comment stream and appends nothing new, where a fresh id would add the comment twice.
 */
export const commentIdFor = (metadata: CommandMetadata): string => derivedId('comment', metadata.commandId);

export type AddCommentInput = Readonly<{ postId: string; authorId: string; comment: string }>;

/**
 * Contract 2.5 `POST /post/comment`: on a post the author of the comment may see (a post they may not see, or one
 * that is gone, is "not found"; users who block each other never see each other's posts). The post's author comes
 * from the post's stream, never from the request.
 */
export const addComment = async ({ store }: Store, input: AddCommentInput, metadata: CommandMetadata): Promise<CommandResult<CommentEvent>> => {
  const post = await postVisibleTo(store, input.postId, input.authorId);
  const commentId = commentIdFor(metadata);
  return handleCommand(store, commentDecider, commentStreamId(commentId), {
    type: 'AddComment',
    data: { commentId, postId: input.postId, postAuthorId: post.authorId, authorId: input.authorId, comment: input.comment },
    metadata,
  });
};

/** The post a comment is on, checked as the actor sees it now: a comment on a post they may no longer see is out of reach. */
const commentInReach = async (store: Store['store'], commentId: string, actorId: string): Promise<void> => {
  const comment = await loadState(store, commentDecider, commentStreamId(commentId));
  if (comment.status !== 'added') throw new CommentNotFound();
  await postVisibleTo(store, comment.postId, actorId);
};

/** `PUT /post/comment/:commentId` (not in the contract): its author only. */
export const editComment = async (
  { store }: Store,
  input: Readonly<{ commentId: string; editorId: string; comment: string }>,
  metadata: CommandMetadata,
): Promise<CommandResult<CommentEvent>> => {
  await commentInReach(store, input.commentId, input.editorId);
  return handleCommand(store, commentDecider, commentStreamId(input.commentId), { type: 'EditComment', data: input, metadata });
};

/** `DELETE /post/comment/:commentId` (not in the contract): its author, or the post's author. */
export const deleteComment = async (
  { store }: Store,
  input: Readonly<{ commentId: string; deleterId: string }>,
  metadata: CommandMetadata,
): Promise<CommandResult<CommentEvent>> => {
  await commentInReach(store, input.commentId, input.deleterId);
  return handleCommand(store, commentDecider, commentStreamId(input.commentId), { type: 'DeleteComment', data: input, metadata });
};
