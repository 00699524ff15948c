import { Router } from 'express';
import { addComment, deleteComment, editComment } from '@application/posts/comment.handlers';
import { getComment, getCommentNames, getPostComments } from '@application/posts/comments.query';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { jsonBody } from '../middleware/json-body';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { parseBody } from '../middleware/validation';
import { addCommentBody, editCommentBody } from './posts-engagement.schemas';

export type CommentsRouterDependencies = Pick<ApiDependencies, 'store' | 'clock' | 'readModels' | 'writeTracker' | 'readYourWritesTimeoutMs'>;

/**
 * Contract 2.5, and two routes it lacks: `PUT /post/comment/:commentId` (its author edits it) and
 * `DELETE /post/comment/:commentId` (its author, or the post's author, deletes it). Every route answers 404
 * "Post not found" for a post the caller may not see; reads leave out users hidden from the caller by a block.
 */
export const commentsRouter = (deps: CommentsRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  router.get('/post/comments/:postId', requireAuthentication, async (request, response) => {
    const comments = await queryAsCaller(deps, request, getPostComments, actorOf(request).userId, String(request.params.postId));
    response.json({ message: 'Post comments', comments });
  });

  router.get('/post/commentsnames/:postId', requireAuthentication, async (request, response) => {
    const comments = await queryAsCaller(deps, request, getCommentNames, actorOf(request).userId, String(request.params.postId));
    response.json({ message: 'Post comments names', comments });
  });

  router.get('/post/single/comment/:postId/:commentId', requireAuthentication, async (request, response) => {
    const { postId, commentId } = request.params;
    const comments = await queryAsCaller(deps, request, getComment, actorOf(request).userId, String(postId), String(commentId));
    response.json({ message: 'Single comment', comments });
  });

  router.post('/post/comment', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(addCommentBody, request.body);
    const { userId } = actorOf(request);
    const result = await addComment(deps, { postId: body.postId, authorId: userId, comment: body.comment }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Comment created successfully' });
  });

  router.put('/post/comment/:commentId', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(editCommentBody, request.body);
    const { userId } = actorOf(request);
    const input = { commentId: String(request.params.commentId), editorId: userId, comment: body.comment };
    await deps.writeTracker.recordWrites(userId, [await editComment(deps, input, commandMetadataOf(request, clock))]);
    response.json({ message: 'Comment updated successfully' });
  });

  router.delete('/post/comment/:commentId', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const input = { commentId: String(request.params.commentId), deleterId: userId };
    await deps.writeTracker.recordWrites(userId, [await deleteComment(deps, input, commandMetadataOf(request, clock))]);
    response.json({ message: 'Comment deleted successfully' });
  });

  return router;
};
