import type { ChatEvent } from '@domain/chat';
import { userCardsOf, type UserCard } from '@application/profile';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { CHAT_PROJECTION, chatKeys, storedMessageOf, userField, type StoredMessage } from './chat.projection';
import { conversationIdOf } from './conversation-id';

/**
 * The contract's `IMessageData`, as one participant sees it, plus the message's position in its conversation (what a
 * client that reconnects asks for more after). A message deleted for everyone, or by this viewer for themselves,
 * shows as deleted and without content.
 */
export type MessageDocument = Readonly<{
  _id: string;
  conversationId: string;
  receiverId: string;
  receiverUsername: string;
  receiverAvatarColor: string;
  receiverProfilePicture: string;
  senderUsername: string;
  senderId: string;
  senderAvatarColor: string;
  senderProfilePicture: string;
  body: string;
  isRead: boolean;
  gifUrl: string;
  selectedImage: string;
  reaction: ReadonlyArray<Readonly<{ senderName: string; type: string }>>;
  createdAt: string;
  deleteForMe: boolean;
  deleteForEveryone: boolean;
  position: number;
}>;

/** An entry of the conversation list: the conversation's last message, and how many the viewer has not read. */
export type ConversationEntry = MessageDocument & Readonly<{ unreadCount: number }>;

export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_PAGE_MAX = 100;
export const CONVERSATION_LIST_LIMIT = 100;

/** Newest messages when neither is given; `before` and `after` are positions, and exclude themselves. */
export type HistoryPage = Readonly<{ before?: number; after?: number; limit: number }>;

const view = (readModels: ReadModels) => readModels.view(CHAT_PROJECTION);

const documentOf = (
  conversationId: string,
  messageId: string,
  message: StoredMessage,
  cards: ReadonlyMap<string, UserCard>,
  context: Readonly<{ readUpTo: number; deletedForViewer: boolean; reactions: ReadonlyArray<{ userId: string; type: string | null }> }>,
): MessageDocument => {
  const sender = cards.get(message.senderId);
  const receiver = cards.get(message.receiverId);
  const hidden = message.deletedForEveryone || context.deletedForViewer;
  return {
    _id: messageId,
    conversationId,
    receiverId: message.receiverId,
    receiverUsername: receiver?.username ?? '',
    receiverAvatarColor: receiver?.avatarColor ?? '',
    receiverProfilePicture: receiver?.profilePicture ?? '',
    senderUsername: sender?.username ?? '',
    senderId: message.senderId,
    senderAvatarColor: sender?.avatarColor ?? '',
    senderProfilePicture: sender?.profilePicture ?? '',
    body: hidden ? '' : message.body,
    isRead: message.position <= context.readUpTo,
    gifUrl: hidden ? '' : message.gifUrl,
    selectedImage: hidden ? '' : message.selectedImage,
    reaction: hidden ? [] : context.reactions.flatMap(({ userId, type }) => (type ? [{ senderName: cards.get(userId)?.username ?? '', type }] : [])),
    createdAt: message.createdAt,
    deleteForMe: hidden,
    deleteForEveryone: message.deletedForEveryone,
    position: message.position,
  };
};

/**
 * Messages of one conversation as `viewerId` sees them, in the order of the ids given (unknown ids are left out). Reads
 * what the page holds only: the messages, then, for their two participants, reactions, read positions and cards.
 */
export const messagesOf = defineQuery(
  readsOf(CHAT_PROJECTION, userCardsOf),
  async (readModels, viewerId: string, conversationId: string, messageIds: readonly string[]): Promise<MessageDocument[]> => {
    if (messageIds.length === 0) return [];
    const models = view(readModels);
    const jsons = await models.hashFields(chatKeys.messages(conversationId), messageIds);
    const found = messageIds.flatMap((messageId, index) => (jsons[index] ? [{ messageId, message: JSON.parse(jsons[index]) as StoredMessage }] : []));
    if (found.length === 0) return [];
    const participants = [found[0]!.message.senderId, found[0]!.message.receiverId];
    const [deletedFor, reactions, readUpTo, cards] = await Promise.all([
      models.hashFields(
        chatKeys.deletedFor(conversationId),
        found.map(({ messageId }) => userField(messageId, viewerId)),
      ),
      models.hashFields(
        chatKeys.reactions(conversationId),
        found.flatMap(({ messageId }) => participants.map((userId) => userField(messageId, userId))),
      ),
      models.hashFields(chatKeys.readUpTo(conversationId), participants),
      userCardsOf.run(readModels, participants),
    ]);
    const cardsById = new Map(cards.map((card) => [card.userId, card]));
    const readPositions = new Map(participants.map((userId, index) => [userId, Number(readUpTo[index] ?? 0)]));
    return found.map(({ messageId, message }, index) =>
      documentOf(conversationId, messageId, message, cardsById, {
        readUpTo: readPositions.get(message.receiverId) ?? 0,
        deletedForViewer: deletedFor[index] !== null,
        reactions: participants.map((userId, p) => ({ userId, type: reactions[index * participants.length + p] ?? null })),
      }),
    );
  },
);

/**
 * A message as its `ChatMessageSent` event tells it, before any reaction or deletion: what a socket is sent when the
 * read model has not applied the event in time (a rebuild), so that a lagging model delays no message.
 */
export const sentMessageOf = defineQuery(
  readsOf(userCardsOf),
  async (readModels, sent: Extract<ChatEvent, { type: 'ChatMessageSent' }>['data']): Promise<MessageDocument> => {
    const { conversationId, messageId, position, senderId, receiverId, readOnArrival } = sent;
    const cards = await userCardsOf.run(readModels, [senderId, receiverId]);
    return documentOf(conversationId, messageId, storedMessageOf(sent), new Map(cards.map((card) => [card.userId, card])), {
      readUpTo: readOnArrival ? position : 0,
      deletedForViewer: false,
      reactions: [],
    });
  },
);

/** A page of the conversation of `viewerId` with `otherId`, oldest first: the newest page, or the one before or after a position. */
export const getChatHistory = defineQuery(readsOf(messagesOf), async (readModels, viewerId: string, otherId: string, page: HistoryPage) => {
  const conversationId = conversationIdOf(viewerId, otherId);
  const key = chatKeys.history(conversationId);
  const entries =
    page.after !== undefined
      ? await view(readModels).sortedRangeByScore(key, page.after + 1, Infinity, { limit: page.limit })
      : (
          await view(readModels).sortedRangeByScore(key, -Infinity, page.before === undefined ? Infinity : page.before - 1, {
            reverse: true,
            limit: page.limit,
          })
        ).reverse();
  return messagesOf.run(
    readModels,
    viewerId,
    conversationId,
    entries.map(({ member }) => member),
  );
});

/** The last message of a conversation as a participant sees it (what `message read` and `chat list` carry). */
export const lastMessageOf = defineQuery(readsOf(messagesOf), async (readModels, viewerId: string, conversationId: string): Promise<MessageDocument | null> => {
  const lastId = await view(readModels).value(chatKeys.lastMessage(conversationId));
  const [last] = lastId ? await messagesOf.run(readModels, viewerId, conversationId, [lastId]) : [];
  return last ?? null;
});

/** The viewer's conversations, the one with the newest message first, each as its last message and unread count. */
export const getConversationList = defineQuery(readsOf(lastMessageOf), async (readModels, viewerId: string): Promise<ConversationEntry[]> => {
  const models = view(readModels);
  const conversationIds = await models.sortedRange(chatKeys.conversations(viewerId), 0, CONVERSATION_LIST_LIMIT - 1, { reverse: true });
  const [lastMessages, unread] = await Promise.all([
    Promise.all(conversationIds.map((conversationId) => lastMessageOf.run(readModels, viewerId, conversationId))),
    models.hashFields(chatKeys.unread(viewerId), conversationIds),
  ]);
  return lastMessages.flatMap((last, index) => (last ? [{ ...last, unreadCount: Math.max(0, Number(unread[index] ?? 0)) }] : []));
});
