import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import type { NotificationEvent } from '@domain/notifications';
import { inboxProjection } from './inbox.projection';

const at = '2026-01-01T00:00:00.000Z';
const spec = specifyProjection(inboxProjection);
const details = {
  message: 'Ann is now following you.',
  notificationType: 'follows' as const,
  entityId: 'ann',
  createdItemId: 'f1',
  comment: '',
  reaction: '',
  post: '',
  imgId: '',
  imgVersion: '',
  gifUrl: '',
};
const created = (notificationId: string, userTo = 'bob'): NotificationEvent => ({
  type: 'NotificationCreated',
  data: { notificationId, userTo, userFrom: 'ann', ...details, createdAt: at },
});
const read: NotificationEvent = { type: 'NotificationRead', data: { notificationId: 'n1', userTo: 'bob', readAt: at } };
const deleted: NotificationEvent = { type: 'NotificationDeleted', data: { notificationId: 'n1', userTo: 'bob', deletedAt: at } };

describe('the inbox projection', () => {
  describe('a new notification', () => {
    it("keeps a notification's fields as strings and marks it unread, in the recipient's inbox and unread set", () =>
      spec
        .given([created('n1')])
        .then([
          rm.hashSet('notification:n1', { notificationId: 'n1', userTo: 'bob', userFrom: 'ann', ...details, createdAt: at, read: 'false' }),
          rm.sortedAdd('inbox:bob', 1, 'n1'),
          rm.setAdd('unread:bob', 'n1'),
        ]));
    it('is scored in the inbox by the global position of its creation, so the newest comes first', () =>
      spec
        .given([recorded(created('n1'), 7), recorded(created('n2'), 31)])
        .then([
          expect.anything(),
          rm.sortedAdd('inbox:bob', 7, 'n1'),
          expect.anything(),
          expect.anything(),
          rm.sortedAdd('inbox:bob', 31, 'n2'),
          expect.anything(),
        ]));
  });

  it('marks a read notification read and takes it out of the unread set, but leaves it in the inbox', () =>
    spec.given([read]).then([rm.hashSet('notification:n1', { read: 'true' }), rm.setRemove('unread:bob', 'n1')]));

  it('deletes a notification entirely: its document, its inbox entry and its unread mark', () =>
    spec.given([deleted]).then([rm.delete('notification:n1'), rm.sortedRemove('inbox:bob', 'n1'), rm.setRemove('unread:bob', 'n1')]));

  it('writes nothing for events of other contexts', () =>
    spec
      .given([
        { type: 'UserFollowed', data: { followerId: 'ann', followeeId: 'bob', followedAt: at } },
        { type: 'SessionEnded', data: { sessionId: 's1', userId: 'bob', endedAt: at } },
      ])
      .thenNothing());
});
