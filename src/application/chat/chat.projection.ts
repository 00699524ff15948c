import type { ChatEvent } from '@domain/chat';
import { defineProjection, rm } from '@application/shared/projection';

export const CHAT_PROJECTION = 'chat.conversations';

export const chatKeys = {
  /** Message ids scored by their position in the conversation: pages are score ranges, as cheap at any depth. */
  history: (conversationId: string) => `history:${conversationId}`,
  /** Field = message id, value = JSON `StoredMessage`. */
  messages: (conversationId: string) => `messages:${conversationId}`,
  /** Field = `<messageId>:<userId>` for each user who deleted the message for themselves. */
  deletedFor: (conversationId: string) => `deleted-for:${conversationId}`,
  /** Field = `<messageId>:<userId>`, value = that user's reaction to the message. */
  reactions: (conversationId: string) => `reactions:${conversationId}`,
  /** Field = user id, value = the position up to which they have read the conversation. */
  readUpTo: (conversationId: string) => `read:${conversationId}`,
  /** The id of the conversation's last message. */
  lastMessage: (conversationId: string) => `last:${conversationId}`,
  /** A user's conversations, scored by the global position of their last message: newest first is a reverse range. */
  conversations: (userId: string) => `conversations:${userId}`,
  /** Field = conversation id, value = how many messages the user received there after their read position. */
  unread: (userId: string) => `unread:${userId}`,
};

export const userField = (messageId: string, userId: string): string => `${messageId}:${userId}`;

/** What the projection keeps of a message; a message deleted for everyone keeps no content. */
export type StoredMessage = Readonly<{
  position: number;
  senderId: string;
  receiverId: string;
  body: string;
  gifUrl: string;
  selectedImage: string;
  createdAt: string;
  deletedForEveryone: boolean;
}>;

type SentMessage = Extract<ChatEvent, { type: 'ChatMessageSent' }>['data'];

/** What is kept of a message as it was sent. */
export const storedMessageOf = ({ position, senderId, receiverId, body, gifUrl, image, sentAt }: SentMessage): StoredMessage => ({
  position,
  senderId,
  receiverId,
  body,
  gifUrl,
  selectedImage: image?.url ?? '',
  createdAt: sentAt,
  deletedForEveryone: false,
});

/*
 * Keys are per conversation or per user, so any number of conversations never share a key. A read position and an
 * unread count change together: messages received add to the receiver's count unless read on arrival, a deletion that
 * hides an unread message from its receiver takes it off, and marking as read sets it to zero, which is exact because
 * the stream orders the mark after every message it covers.
 */
export const chatProjection = defineProjection<ChatEvent>(CHAT_PROJECTION, 1, {
  ChatMessageSent: (event) => {
    const { conversationId, messageId, position, senderId, receiverId, readOnArrival } = event.data;
    const stored = storedMessageOf(event.data);
    const lastAt = event.metadata.globalPosition;
    return [
      rm.sortedAdd(chatKeys.history(conversationId), position, messageId),
      rm.hashSet(chatKeys.messages(conversationId), { [messageId]: JSON.stringify(stored) }),
      rm.valueSet(chatKeys.lastMessage(conversationId), messageId),
      rm.sortedAdd(chatKeys.conversations(senderId), lastAt, conversationId),
      rm.sortedAdd(chatKeys.conversations(receiverId), lastAt, conversationId),
      ...(readOnArrival
        ? [
            rm.hashSet(chatKeys.readUpTo(conversationId), { [receiverId]: String(position) }),
            rm.hashSet(chatKeys.unread(receiverId), { [conversationId]: '0' }),
          ]
        : [rm.hashIncrement(chatKeys.unread(receiverId), conversationId, 1)]),
    ];
  },
  ChatMessagesRead: ({ data }) => [
    rm.hashSet(chatKeys.readUpTo(data.conversationId), { [data.readerId]: String(data.upTo) }),
    rm.hashSet(chatKeys.unread(data.readerId), { [data.conversationId]: '0' }),
  ],
  ChatMessageReacted: ({ data }) => {
    const field = userField(data.messageId, data.reactorId);
    return [
      data.reaction
        ? rm.hashSet(chatKeys.reactions(data.conversationId), { [field]: data.reaction })
        : rm.hashDelete(chatKeys.reactions(data.conversationId), field),
    ];
  },
  ChatMessageDeleted: ({ data }) => {
    const { conversationId, messageId, deletedBy, scope, position, senderId, receiverId, sentAt, wasUnread } = data;
    const uncounted = wasUnread ? [rm.hashIncrement(chatKeys.unread(receiverId), conversationId, -1)] : [];
    if (scope === 'deleteForMe') return [rm.hashSet(chatKeys.deletedFor(conversationId), { [userField(messageId, deletedBy)]: '1' }), ...uncounted];
    const stored: StoredMessage = { position, senderId, receiverId, body: '', gifUrl: '', selectedImage: '', createdAt: sentAt, deletedForEveryone: true };
    return [
      rm.hashSet(chatKeys.messages(conversationId), { [messageId]: JSON.stringify(stored) }),
      rm.hashDelete(chatKeys.reactions(conversationId), userField(messageId, senderId), userField(messageId, receiverId)),
      ...uncounted,
    ];
  },
});
