import type { ChatEvent } from '@domain/chat';
import { readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { defineRealtimeProjection, userRoom, type RealtimeEmit } from '@application/shared/realtime';
import { getChatHistory, getConversationList, lastMessageOf, messagesOf, sentMessageOf, type MessageDocument } from './messages.query';

/**
 * Chat messages go to the rooms of the conversation's two participants only, each with the message as they see it.
 * One consumer emits them in the order of the log, so both participants receive a conversation's messages in the one
 * order the conversation stream gave them. A new message goes out even when the read model lags (it is built from its
 * event then); the changes to a message (read, reaction, deletion) are sent as the read model shows them.
 */

type Change = Readonly<{ message: MessageDocument | null; last: MessageDocument | null }>;

/** The message and the conversation's last message, as `viewerId` sees them now. */
const changeFor = async (readModels: ReadModels, viewerId: string, conversationId: string, messageId: string): Promise<Change> => {
  const [[message], last] = await Promise.all([
    messagesOf.run(readModels, viewerId, conversationId, [messageId]),
    lastMessageOf.run(readModels, viewerId, conversationId),
  ]);
  return { message: message ?? null, last };
};

const emitsFor = (viewerId: string, change: Change, messageEvent: string): RealtimeEmit[] => [
  ...(change.message ? [{ room: userRoom(viewerId), event: messageEvent, args: [change.message] }] : []),
  ...(change.last ? [{ room: userRoom(viewerId), event: 'chat list', args: [change.last] }] : []),
];

const toParticipants = async (
  readModels: ReadModels,
  viewers: readonly string[],
  conversationId: string,
  messageId: string,
  messageEvent: string,
): Promise<RealtimeEmit[]> => {
  const changes = await Promise.all(viewers.map((viewerId) => changeFor(readModels, viewerId, conversationId, messageId)));
  return viewers.flatMap((viewerId, index) => emitsFor(viewerId, changes[index]!, messageEvent));
};

export const chatRealtime = defineRealtimeProjection<ChatEvent>('chat.realtime', readsOf(getChatHistory, getConversationList), {
  ChatMessageSent: async ({ data }, { readModels }) => {
    const viewers = [data.senderId, data.receiverId];
    const stored = await Promise.all(viewers.map((viewerId) => messagesOf.run(readModels, viewerId, data.conversationId, [data.messageId])));
    const fromEvent = stored.some((messages) => messages.length === 0) ? await sentMessageOf.run(readModels, data) : null;
    return viewers.flatMap((viewerId, index) => {
      const message = stored[index]![0] ?? fromEvent!;
      return ['message received', 'chat list'].map((event) => ({ room: userRoom(viewerId), event, args: [message] }));
    });
  },
  ChatMessagesRead: async ({ data }, { readModels }) => {
    const last = await lastMessageOf.run(readModels, data.readerId, data.conversationId);
    if (!last) return [];
    return toParticipants(readModels, [last.senderId, last.receiverId], data.conversationId, last._id, 'message read');
  },
  ChatMessageReacted: async ({ data }, { readModels }) => {
    const [message] = await messagesOf.run(readModels, data.reactorId, data.conversationId, [data.messageId]);
    if (!message) return [];
    const viewers = [message.senderId, message.receiverId];
    const messages = await Promise.all(viewers.map((viewerId) => messagesOf.run(readModels, viewerId, data.conversationId, [data.messageId])));
    return viewers.flatMap((viewerId, index) =>
      messages[index]!.map((document) => ({ room: userRoom(viewerId), event: 'message reaction', args: [document] })),
    );
  },
  // The contract names a deletion `message read` too: the client replaces the message it shows by id.
  ChatMessageDeleted: ({ data }, { readModels }) =>
    toParticipants(
      readModels,
      data.scope === 'deleteForMe' ? [data.deletedBy] : [data.senderId, data.receiverId],
      data.conversationId,
      data.messageId,
      'message read',
    ),
});
