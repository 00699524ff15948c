import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
import { notificationDecider, NotificationNotFound, NotYourNotification, type NotificationEvent } from './notification';

const metadata = commandMetadata();
const at = metadata.now.toISOString();
const spec = specify(notificationDecider);
const details = {
  message: 'Ann is now following you.',
  notificationType: 'follows' as const,
  entityId: 'u1',
  createdItemId: 'f1',
  comment: '',
  reaction: '',
  post: '',
  imgId: '',
  imgVersion: '',
  gifUrl: '',
};
const created: NotificationEvent = { type: 'NotificationCreated', data: { notificationId: 'n1', userTo: 'bob', userFrom: 'ann', ...details, createdAt: at } };

describe('a notification', () => {
  it('is created once, whatever the retries', () => {
    spec
      .given([])
      .when({ type: 'CreateNotification', data: { notificationId: 'n1', userTo: 'bob', userFrom: 'ann', details }, metadata })
      .then([created]);
    spec
      .given([created])
      .when({ type: 'CreateNotification', data: { notificationId: 'n1', userTo: 'bob', userFrom: 'ann', details }, metadata })
      .then([]);
  });
  it('is marked read and deleted by its owner only', () => {
    spec
      .given([created])
      .when({ type: 'MarkNotificationRead', data: { notificationId: 'n1', ownerId: 'eve' }, metadata })
      .thenThrows(NotYourNotification);
    spec
      .given([created])
      .when({ type: 'DeleteNotification', data: { notificationId: 'n1', ownerId: 'eve' }, metadata })
      .thenThrows(NotYourNotification);
    spec
      .given([created])
      .when({ type: 'MarkNotificationRead', data: { notificationId: 'n1', ownerId: 'bob' }, metadata })
      .then([{ type: 'NotificationRead', data: { notificationId: 'n1', userTo: 'bob', readAt: at } }]);
  });
  it('is gone once deleted, and unknown ids are not found', () => {
    const deleted: NotificationEvent = { type: 'NotificationDeleted', data: { notificationId: 'n1', userTo: 'bob', deletedAt: at } };
    spec
      .given([created, deleted])
      .when({ type: 'MarkNotificationRead', data: { notificationId: 'n1', ownerId: 'bob' }, metadata })
      .thenThrows(NotificationNotFound);
    spec
      .given([])
      .when({ type: 'DeleteNotification', data: { notificationId: 'n1', ownerId: 'bob' }, metadata })
      .thenThrows(NotificationNotFound);
  });
});
