import { Router, type Request } from 'express';
import { NotFoundError, ValidationError } from '@domain/shared';
import { getProfileWithPosts, getVisibleUserDocument } from '@application/profile/get-profile.query';
import { getUserDocument, USER_DOCUMENT_PROJECTIONS } from '@application/profile/get-user.query';
import { getUsersPage } from '@application/profile/get-users.query';
import { searchUsers } from '@application/profile/search-users.query';
import { userSuggestions } from '@application/profile/user-suggestions.query';
import { profileViewersRoom } from '@application/shared/realtime';
import type { ApiDependencies } from '../api-routers';
import { requireAuthentication } from '../middleware/authentication';
import { actorOf } from '../middleware/request-context';
import { pageNumberOf } from './profile.schemas';

export type UsersRouterDependencies = Pick<ApiDependencies, 'readModels' | 'writeTracker' | 'listAnchors' | 'readYourWritesTimeoutMs' | 'realtime'>;

/** Contract section 2.2, the reads: the people list, profiles, suggestions and search. */
export const usersRouter = (deps: UsersRouterDependencies): Router => {
  const router = Router();
  const { readModels } = deps;

  /** The caller, once their own last command has reached the read models the query reads (read-your-writes). */
  const viewerOf = async (request: Request): Promise<string> => {
    const { userId } = actorOf(request);
    await deps.writeTracker.waitForOwnWrites(userId, USER_DOCUMENT_PROJECTIONS, deps.readYourWritesTimeoutMs);
    return userId;
  };

  router.get('/user/all/:page', requireAuthentication, async (request, response) => {
    const page = pageNumberOf(String(request.params.page));
    if (page === null) throw new ValidationError('Page must be a positive whole number');
    const viewerId = await viewerOf(request);
    const result = await getUsersPage({ readModels, listAnchors: deps.listAnchors }, viewerId, page);
    if (result.users.length > 0) await deps.realtime.addToRoom(viewerId, result.users.map((user) => profileViewersRoom(user._id)));
    response.json({ message: 'Get users', ...result });
  });

  router.get('/user/profile', requireAuthentication, async (request, response) => {
    const user = await getUserDocument(readModels, await viewerOf(request));
    if (!user) throw new NotFoundError('User not found');
    response.json({ message: 'Get user profile', user });
  });

  router.get('/user/profile/user/suggestions', requireAuthentication, async (request, response) => {
    response.json({ message: 'User suggestions', users: await userSuggestions(readModels, await viewerOf(request)) });
  });

  router.get('/user/profile/search/:query', requireAuthentication, async (request, response) => {
    response.json({ message: 'Search results', search: await searchUsers(readModels, await viewerOf(request), String(request.params.query)) });
  });

  router.get('/user/profile/posts/:username/:userId/:uId', requireAuthentication, async (request, response) => {
    const viewerId = await viewerOf(request);
    const found = await getProfileWithPosts(readModels, { viewerId, userId: String(request.params.userId) });
    if (!found) throw new NotFoundError('User not found');
    await deps.realtime.addToRoom(viewerId, profileViewersRoom(found.user._id));
    response.json({ message: 'Get user profile and posts', ...found });
  });

  router.get('/user/profile/:userId', requireAuthentication, async (request, response) => {
    const user = await getVisibleUserDocument(readModels, await viewerOf(request), String(request.params.userId));
    if (!user) throw new NotFoundError('User not found');
    await deps.realtime.addToRoom(actorOf(request).userId, profileViewersRoom(user._id));
    response.json({ message: 'Get user profile by id', user });
  });

  return router;
};
