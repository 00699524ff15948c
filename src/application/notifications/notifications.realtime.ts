import { defineRealtimeProjection, userRoom } from '@application/shared/realtime';
import { getNotifications } from './get-notifications.query';
import type { NotificationEvent } from '@domain/notifications';

/** Contract section 3: to the owner's room only, after the inbox read model has the change. */
export const notificationsRealtime = defineRealtimeProjection<NotificationEvent>('notifications.realtime', getNotifications.reads, {
  NotificationCreated: async (event, { readModels }) => {
    const { userTo } = event.data;
    const { notifications } = await getNotifications.run(readModels, userTo);
    return [{ room: userRoom(userTo), event: 'insert notification', args: [notifications, { userTo }] }];
  },
  NotificationRead: async (event) => {
    const { userTo, notificationId } = event.data;
    return [{ room: userRoom(userTo), event: 'update notification', args: [notificationId] }];
  },
  NotificationDeleted: async (event) => {
    const { userTo, notificationId } = event.data;
    return [{ room: userRoom(userTo), event: 'delete notification', args: [notificationId] }];
  },
});
