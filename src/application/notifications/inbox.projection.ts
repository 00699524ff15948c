import { defineProjection, rm } from '@application/shared/projection';
import type { NotificationEvent } from '@domain/notifications';

export const INBOX_PROJECTION = 'notifications.inbox';

export const inboxKeys = {
  notification: (notificationId: string) => `notification:${notificationId}`,
  /** A user's notifications scored by global position: newest first is a reverse range. */
  inbox: (userId: string) => `inbox:${userId}`,
  unread: (userId: string) => `unread:${userId}`,
};

export const inboxProjection = defineProjection<NotificationEvent>(INBOX_PROJECTION, 1, {
  NotificationCreated: (event) => {
    const { notificationId, userTo } = event.data;
    const fields = Object.fromEntries(Object.entries(event.data).map(([key, value]) => [key, String(value)]));
    return [
      rm.hashSet(inboxKeys.notification(notificationId), { ...fields, read: 'false' }),
      rm.sortedAdd(inboxKeys.inbox(userTo), event.metadata.globalPosition, notificationId),
      rm.setAdd(inboxKeys.unread(userTo), notificationId),
    ];
  },
  NotificationRead: (event) => [
    rm.hashSet(inboxKeys.notification(event.data.notificationId), { read: 'true' }),
    rm.setRemove(inboxKeys.unread(event.data.userTo), event.data.notificationId),
  ],
  NotificationDeleted: (event) => [
    rm.delete(inboxKeys.notification(event.data.notificationId)),
    rm.sortedRemove(inboxKeys.inbox(event.data.userTo), event.data.notificationId),
    rm.setRemove(inboxKeys.unread(event.data.userTo), event.data.notificationId),
  ],
});
