import { z } from 'zod';
import { defineEvent, ForbiddenError, NotFoundError, type Command, type Decider, type EventOf } from '@domain/shared';

export const notificationTypes = ['follows', 'comment', 'reactions'] as const;
export type NotificationType = (typeof notificationTypes)[number];

/** The fields of the contract's notification document, besides the ids and state. */
const details = {
  message: z.string(),
  notificationType: z.enum(notificationTypes),
  entityId: z.string(),
  createdItemId: z.string(),
  comment: z.string(),
  reaction: z.string(),
  post: z.string(),
  imgId: z.string(),
  imgVersion: z.string(),
  gifUrl: z.string(),
};

export const notificationCreated = defineEvent(
  'NotificationCreated',
  1,
  z.object({ notificationId: z.string().min(1), userTo: z.string().min(1), userFrom: z.string().min(1), ...details, createdAt: z.string() }),
);
export const notificationRead = defineEvent(
  'NotificationRead',
  1,
  z.object({ notificationId: z.string().min(1), userTo: z.string().min(1), readAt: z.string() }),
);
export const notificationDeleted = defineEvent(
  'NotificationDeleted',
  1,
  z.object({ notificationId: z.string().min(1), userTo: z.string().min(1), deletedAt: z.string() }),
);

export const notificationEvents = [notificationCreated, notificationRead, notificationDeleted];
export type NotificationEvent = EventOf<typeof notificationCreated> | EventOf<typeof notificationRead> | EventOf<typeof notificationDeleted>;

export type NotificationDetails = Omit<EventOf<typeof notificationCreated>['data'], 'notificationId' | 'userTo' | 'userFrom' | 'createdAt'>;

export type Notification = { status: 'none' } | { status: 'unread' | 'read'; userTo: string } | { status: 'deleted'; userTo: string };

export type CreateNotification = Command<'CreateNotification', { notificationId: string; userTo: string; userFrom: string; details: NotificationDetails }>;
export type MarkNotificationRead = Command<'MarkNotificationRead', { notificationId: string; ownerId: string }>;
export type DeleteNotification = Command<'DeleteNotification', { notificationId: string; ownerId: string }>;
export type NotificationCommand = CreateNotification | MarkNotificationRead | DeleteNotification;

export class NotificationNotFound extends NotFoundError {
  constructor() {
    super('Notification not found');
  }
}

export class NotYourNotification extends ForbiddenError {
  constructor() {
    super('You may only change your own notifications.');
  }
}

export const notificationStreamId = (notificationId: string): string => `notification:${notificationId}`;

/** Only the owner may touch a notification; a deleted one is gone for everybody. */
const ownedBy = (state: Notification, ownerId: string): Extract<Notification, { status: 'unread' | 'read' }> => {
  if (state.status === 'none' || state.status === 'deleted') throw new NotificationNotFound();
  if (state.userTo !== ownerId) throw new NotYourNotification();
  return state;
};

export const notificationDecider: Decider<NotificationCommand, NotificationEvent, Notification> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'NotificationCreated':
        return { status: 'unread', userTo: event.data.userTo };
      case 'NotificationRead':
        return { status: 'read', userTo: event.data.userTo };
      case 'NotificationDeleted':
        return { status: 'deleted', userTo: event.data.userTo };
    }
  },
  decide: (command, state) => {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'CreateNotification': {
        if (state.status !== 'none') return [];
        const { notificationId, userTo, userFrom, details } = command.data;
        return [{ type: 'NotificationCreated', data: { notificationId, userTo, userFrom, ...details, createdAt: at } }];
      }
      case 'MarkNotificationRead': {
        const owned = ownedBy(state, command.data.ownerId);
        if (owned.status === 'read') return [];
        return [{ type: 'NotificationRead', data: { notificationId: command.data.notificationId, userTo: owned.userTo, readAt: at } }];
      }
      case 'DeleteNotification': {
        const owned = ownedBy(state, command.data.ownerId);
        return [{ type: 'NotificationDeleted', data: { notificationId: command.data.notificationId, userTo: owned.userTo, deletedAt: at } }];
      }
    }
  },
};
