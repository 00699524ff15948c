import { Router } from 'express';
import { giveReaction, removeReaction } from '@application/posts/reaction.handlers';
import { getPostReactions, getReactionByUsername, getReactionsByUsername } from '@application/posts/reactions.query';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { jsonBody } from '../middleware/json-body';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { parseBody } from '../middleware/validation';
import { addReactionBody } from './posts-engagement.schemas';

export type ReactionsRouterDependencies = Pick<ApiDependencies, 'store' | 'clock' | 'readModels' | 'writeTracker' | 'readYourWritesTimeoutMs'>;

/**
 * Contract 2.6. The counts are the server's, from the events: the client's `postReactions` (in the body, or JSON in the
 * path of a removal) and `previousReaction` are accepted and ignored. Routes about a post answer 404 "Post not found"
 * for a post the caller may not see; reads leave out users hidden from the caller by a block. Removing a reaction the
 * caller does not have answers like removing one (a double click is not an error).
 */
export const reactionsRouter = (deps: ReactionsRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  router.get('/post/reactions/username/:username', requireAuthentication, async (request, response) => {
    const reactions = await queryAsCaller(deps, request, getReactionsByUsername, actorOf(request).userId, String(request.params.username));
    response.json({ message: 'All user reactions by username', reactions });
  });

  router.get('/post/reactions/:postId', requireAuthentication, async (request, response) => {
    const { reactions, count } = await queryAsCaller(deps, request, getPostReactions, actorOf(request).userId, String(request.params.postId));
    response.json({ message: 'Post reactions', reactions, count });
  });

  router.get('/post/single/reaction/username/:username/:postId', requireAuthentication, async (request, response) => {
    const { username, postId } = request.params;
    const reaction = await queryAsCaller(deps, request, getReactionByUsername, actorOf(request).userId, String(username), String(postId));
    response.json({ message: 'Single post reaction by username', reactions: reaction ?? {}, count: reaction ? 1 : 0 });
  });

  router.post('/post/reaction', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(addReactionBody, request.body);
    const { userId } = actorOf(request);
    const result = await giveReaction(deps, { postId: body.postId, userId, type: body.type }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Reaction added successfully' });
  });

  router.delete('/post/reaction/:postId/:previousReaction/:postReactions', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const result = await removeReaction(deps, { postId: String(request.params.postId), userId }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Reaction removed from post' });
  });

  return router;
};
