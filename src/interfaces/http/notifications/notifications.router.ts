import { Router } from 'express';
import { getNotifications } from '@application/notifications/get-notifications.query';
import { deleteNotification, markNotificationRead } from '@application/notifications/notification.handlers';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { positiveIntegerOf } from '../middleware/validation';
import { actorOf, commandMetadataOf } from '../middleware/request-context';

export type NotificationsRouterDependencies = Pick<ApiDependencies, 'store' | 'readModels' | 'clock' | 'writeTracker' | 'readYourWritesTimeoutMs'>;

const pageOf = (value: unknown): number => (value === undefined ? 1 : positiveIntegerOf(value, { message: 'page must be a positive integer' }));

/** Contract 2.7: a user's own notifications only. */
export const notificationsRouter = (deps: NotificationsRouterDependencies): Router => {
  const router = Router();

  router.get('/notifications', requireAuthentication, async (request, response) => {
    const page = pageOf(request.query.page);
    response.json({ message: 'User notifications', ...(await queryAsCaller(deps, request, getNotifications, actorOf(request).userId, page)) });
  });

  router.put('/notification/:notificationId', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const result = await markNotificationRead(
      deps,
      { ownerId: userId, notificationId: String(request.params.notificationId) },
      commandMetadataOf(request, deps.clock),
    );
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Notification marked as read' });
  });

  router.delete('/notification/:notificationId', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const result = await deleteNotification(
      deps,
      { ownerId: userId, notificationId: String(request.params.notificationId) },
      commandMetadataOf(request, deps.clock),
    );
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Notification deleted successfully' });
  });

  return router;
};
