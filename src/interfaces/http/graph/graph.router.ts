import { Router, type Request } from 'express';
import { ForbiddenError } from '@domain/shared';
import { blockUser, followUser, unblockUser, unfollowUser } from '@application/graph/relationship.handlers';
import { getFollowers, getFollowing } from '@application/profile/follow-lists.query';
import { profileViewersRoom } from '@application/profile/rooms';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { actorOf, commandMetadataOf } from '../middleware/request-context';

export type GraphRouterDependencies = Pick<ApiDependencies, 'store' | 'readModels' | 'clock' | 'writeTracker' | 'readYourWritesTimeoutMs' | 'realtime'>;

/** Contract 2.3: follow lists, follow, unfollow, block and unblock (the path's `:followerId` is the user acted upon). */
export const graphRouter = (deps: GraphRouterDependencies): Router => {
  const router = Router();
  const act = async (request: Request, targetId: string, handler: typeof followUser): Promise<void> => {
    const { userId } = actorOf(request);
    const result = await handler(deps, { actorId: userId, targetId }, commandMetadataOf(request, deps.clock));
    await deps.writeTracker.recordWrites(userId, [result]);
  };

  router.get('/user/following', requireAuthentication, async (request, response) => {
    response.json({ message: 'User following', following: await queryAsCaller(deps, request, getFollowing, actorOf(request).userId) });
  });

  router.get('/user/followers/:userId', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const ownerId = String(request.params.userId);
    const followers = await queryAsCaller(deps, request, getFollowers, userId, ownerId);
    await deps.realtime.addToRoom(userId, profileViewersRoom(ownerId));
    response.json({ message: 'User followers', followers });
  });

  router.put('/user/follow/:followerId', requireAuthentication, async (request, response) => {
    await act(request, String(request.params.followerId), followUser);
    response.json({ message: 'Following user now' });
  });

  router.put('/user/unfollow/:followeeId/:followerId', requireAuthentication, async (request, response) => {
    if (String(request.params.followerId) !== actorOf(request).userId) throw new ForbiddenError('You can only unfollow for yourself.');
    await act(request, String(request.params.followeeId), unfollowUser);
    response.json({ message: 'Unfollowed user now' });
  });

  router.put('/user/block/:followerId', requireAuthentication, async (request, response) => {
    await act(request, String(request.params.followerId), blockUser);
    response.json({ message: 'User blocked' });
  });

  router.put('/user/unblock/:followerId', requireAuthentication, async (request, response) => {
    await act(request, String(request.params.followerId), unblockUser);
    response.json({ message: 'User unblocked' });
  });

  return router;
};
