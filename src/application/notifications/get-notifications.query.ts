import { hiddenFrom } from '@application/graph';
import { userCardsOf } from '@application/profile';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModelView } from '@application/shared/read-models';
import { INBOX_PROJECTION, inboxKeys } from './inbox.projection';

export const NOTIFICATIONS_PAGE_SIZE = 50;

export type NotificationDocument = Readonly<{
  _id: string;
  userTo: string;
  userFrom: { _id: string; profilePicture: string; username: string; avatarColor: string; uId: string } | null;
  message: string;
  notificationType: string;
  entityId: string;
  createdItemId: string;
  comment: string;
  reaction: string;
  post: string;
  imgId: string;
  imgVersion: string;
  gifUrl: string;
  read: boolean;
  createdAt: string;
}>;

export type NotificationPage = Readonly<{ notifications: NotificationDocument[]; unreadCount: number; totalNotifications: number }>;

/**
 * A user's notifications, newest first, a page at a time, with the sender's card (contract 2.7). Notifications from a
 * user hidden by a block (either way) are left out of the page and the counts while the block lasts.
 */
export const getNotifications = defineQuery(
  readsOf(INBOX_PROJECTION, hiddenFrom, userCardsOf),
  async (readModels, userId: string, page?: number): Promise<NotificationPage> => {
    const inbox = readModels.view(INBOX_PROJECTION);
    const start = ((page ?? 1) - 1) * NOTIFICATIONS_PAGE_SIZE;
    const [ids, unreadInInbox, totalInInbox, hidden] = await Promise.all([
      inbox.sortedRange(inboxKeys.inbox(userId), start, start + NOTIFICATIONS_PAGE_SIZE - 1, { reverse: true }),
      inbox.setSize(inboxKeys.unread(userId)),
      inbox.sortedSize(inboxKeys.inbox(userId)),
      hiddenFrom.run(readModels, userId),
    ]);
    const stored = (await inbox.hashes(ids.map(inboxKeys.notification))).filter((n): n is Record<string, string> => n !== null && !hidden.has(n.userFrom!));
    const { unreadCount, totalNotifications } =
      hidden.size === 0 ? { unreadCount: unreadInInbox, totalNotifications: totalInInbox } : await countsWithout(inbox, userId, hidden);
    const senders = new Map((await userCardsOf.run(readModels, [...new Set(stored.map((n) => n.userFrom!))])).map((card) => [card.userId, card]));
    const notifications = stored.map((n): NotificationDocument => {
      const sender = senders.get(n.userFrom!);
      return {
        _id: n.notificationId!,
        userTo: n.userTo!,
        userFrom: sender
          ? { _id: sender.userId, profilePicture: sender.profilePicture, username: sender.username, avatarColor: sender.avatarColor, uId: sender.uId }
          : null,
        message: n.message ?? '',
        notificationType: n.notificationType ?? '',
        entityId: n.entityId ?? '',
        createdItemId: n.createdItemId ?? '',
        comment: n.comment ?? '',
        reaction: n.reaction ?? '',
        post: n.post ?? '',
        imgId: n.imgId ?? '',
        imgVersion: n.imgVersion ?? '',
        gifUrl: n.gifUrl ?? '',
        read: n.read === 'true',
        createdAt: n.createdAt ?? '',
      };
    });
    return { notifications, unreadCount, totalNotifications };
  },
);

/** The counts without the notifications of hidden senders: reads the whole inbox, which only users with blocks pay. */
const countsWithout = async (
  inbox: ReadModelView,
  userId: string,
  hidden: ReadonlySet<string>,
): Promise<{ unreadCount: number; totalNotifications: number }> => {
  const [ids, unread] = await Promise.all([inbox.sortedRange(inboxKeys.inbox(userId), 0, -1), inbox.setMembers(inboxKeys.unread(userId))]);
  const stored = await inbox.hashes(ids.map(inboxKeys.notification));
  const visible = ids.filter((_, i) => stored[i] && !hidden.has(stored[i].userFrom!));
  const unreadIds = new Set(unread);
  return { unreadCount: visible.filter((id) => unreadIds.has(id)).length, totalNotifications: visible.length };
};
