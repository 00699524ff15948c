import { Router } from 'express';
import { NotFoundError, ValidationError } from '@domain/shared';
import { getProfileWithPosts, getVisibleUserDocument } from '@application/profile/get-profile.query';
import { getUserDocument } from '@application/profile/get-user.query';
import { getUsersPage } from '@application/profile/get-users.query';
import { profileViewersRoom } from '@application/profile/rooms';
import { searchUsers } from '@application/profile/search-users.query';
import { userSuggestions } from '@application/profile/user-suggestions.query';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { actorOf } from '../middleware/request-context';
import { pageNumberOf } from './profile.schemas';

export type UsersRouterDependencies = Pick<ApiDependencies, 'readModels' | 'writeTracker' | 'listAnchors' | 'readYourWritesTimeoutMs' | 'realtime'>;

/** Contract section 2.2, the reads: the people list, profiles, suggestions and search. */
export const usersRouter = (deps: UsersRouterDependencies): Router => {
  const router = Router();

  router.get('/user/all/:page', requireAuthentication, async (request, response) => {
    const page = pageNumberOf(String(request.params.page));
    if (page === null) throw new ValidationError('Page must be a positive whole number');
    const viewerId = actorOf(request).userId;
    const result = await queryAsCaller(deps, request, getUsersPage, { viewerId, page, listAnchors: deps.listAnchors });
    if (result.users.length > 0)
      await deps.realtime.addToRoom(
        viewerId,
        result.users.map((user) => profileViewersRoom(user._id)),
      );
    response.json({ message: 'Get users', ...result });
  });

  router.get('/user/profile', requireAuthentication, async (request, response) => {
    const user = await queryAsCaller(deps, request, getUserDocument, actorOf(request).userId);
    if (!user) throw new NotFoundError('User not found');
    response.json({ message: 'Get user profile', user });
  });

  router.get('/user/profile/user/suggestions', requireAuthentication, async (request, response) => {
    response.json({ message: 'User suggestions', users: await queryAsCaller(deps, request, userSuggestions, actorOf(request).userId) });
  });

  router.get('/user/profile/search/:query', requireAuthentication, async (request, response) => {
    response.json({
      message: 'Search results',
      search: await queryAsCaller(deps, request, searchUsers, actorOf(request).userId, String(request.params.query)),
    });
  });

  router.get('/user/profile/posts/:username/:userId/:uId', requireAuthentication, async (request, response) => {
    const viewerId = actorOf(request).userId;
    const found = await queryAsCaller(deps, request, getProfileWithPosts, { viewerId, userId: String(request.params.userId) });
    if (!found) throw new NotFoundError('User not found');
    await deps.realtime.addToRoom(viewerId, profileViewersRoom(found.user._id));
    response.json({ message: 'Get user profile and posts', ...found });
  });

  router.get('/user/profile/:userId', requireAuthentication, async (request, response) => {
    const viewerId = actorOf(request).userId;
    const user = await queryAsCaller(deps, request, getVisibleUserDocument, viewerId, String(request.params.userId));
    if (!user) throw new NotFoundError('User not found');
    await deps.realtime.addToRoom(viewerId, profileViewersRoom(user._id));
    response.json({ message: 'Get user profile by id', user });
  });

  return router;
};
