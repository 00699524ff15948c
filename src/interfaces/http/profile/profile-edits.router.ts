import { Router } from 'express';
import { changePassword } from '@application/identity/change-password.handler';
import { changeNotificationSettings, updateBasicInfo, updateSocialLinks } from '@application/profile/profile.handlers';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { jsonBody } from '../middleware/json-body';
import { parseBody } from '../middleware/validation';
import { basicInfoBody, changePasswordBody, flagChanges, settingsBody, socialLinksBody, textChanges } from './profile.schemas';

export type ProfileEditsRouterDependencies = Pick<ApiDependencies, 'store' | 'hasher' | 'writeTracker' | 'clock' | 'rateLimits'>;

/** Contract section 2.2, the commands: the caller changes their own password, basic info, social links and settings. */
export const profileEditsRouter = (deps: ProfileEditsRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  router.put('/user/profile/change-password', requireAuthentication, jsonBody(), deps.rateLimits.changePassword, async (request, response) => {
    const body = parseBody(changePasswordBody, request.body);
    const { userId, sessionId } = actorOf(request);
    const result = await changePassword(
      deps,
      { userId, sessionId, currentPassword: body.currentPassword, newPassword: body.newPassword },
      commandMetadataOf(request, clock),
    );
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Password updated successfully. You will be redirected shortly to the login page.' });
  });

  router.put('/user/profile/basic-info', requireAuthentication, jsonBody(), async (request, response) => {
    const changes = textChanges(parseBody(basicInfoBody, request.body));
    const { userId } = actorOf(request);
    await deps.writeTracker.recordWrites(userId, [await updateBasicInfo(deps, { userId, changes }, commandMetadataOf(request, clock))]);
    response.json({ message: 'Updated successfully' });
  });

  router.put('/user/profile/social-links', requireAuthentication, jsonBody(), async (request, response) => {
    const changes = textChanges(parseBody(socialLinksBody, request.body));
    const { userId } = actorOf(request);
    await deps.writeTracker.recordWrites(userId, [await updateSocialLinks(deps, { userId, changes }, commandMetadataOf(request, clock))]);
    response.json({ message: 'Updated successfully' });
  });

  router.put('/user/profile/settings', requireAuthentication, jsonBody(), async (request, response) => {
    const changes = flagChanges(parseBody(settingsBody, request.body));
    const { userId } = actorOf(request);
    const { result, settings } = await changeNotificationSettings(deps, { userId, changes }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Notification settings updated successfully', settings });
  });

  return router;
};
