import type { CommandMetadata } from '@domain/shared';
import { notificationDecider, notificationStreamId } from '@domain/notifications';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand } from '@application/shared/handle-command';

type Target = Readonly<{ ownerId: string; notificationId: string }>;

export const markNotificationRead = ({ store }: Pick<SharedDependencies, 'store'>, { ownerId, notificationId }: Target, metadata: CommandMetadata) =>
  handleCommand(store, notificationDecider, notificationStreamId(notificationId), {
    type: 'MarkNotificationRead',
    data: { notificationId, ownerId },
    metadata,
  });

export const deleteNotification = ({ store }: Pick<SharedDependencies, 'store'>, { ownerId, notificationId }: Target, metadata: CommandMetadata) =>
  handleCommand(store, notificationDecider, notificationStreamId(notificationId), { type: 'DeleteNotification', data: { notificationId, ownerId }, metadata });
