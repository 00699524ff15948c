import type { Command } from '@domain/shared';
import { ChatMessageNotFound, NotInConversation, NotMessageSender } from './errors';
import type { ChatEvent, ChatImage, ChatReaction, DeleteScope } from './events';
import { participantsOf, type Conversation, type MessageFacts } from './state';

export type SendChatMessage = Command<
  'SendChatMessage',
  Readonly<{
    conversationId: string;
    messageId: string;
    senderId: string;
    receiverId: string;
    body: string;
    gifUrl: string;
    image: ChatImage | null;
    receiverIsViewing: boolean;
  }>
>;
export type MarkChatMessagesRead = Command<'MarkChatMessagesRead', Readonly<{ conversationId: string; readerId: string }>>;
export type ReactToChatMessage = Command<
  'ReactToChatMessage',
  Readonly<{ conversationId: string; messageId: string; reactorId: string; reaction: ChatReaction | null }>
>;
export type DeleteChatMessage = Command<'DeleteChatMessage', Readonly<{ conversationId: string; messageId: string; deleterId: string; scope: DeleteScope }>>;
export type ChatCommand = SendChatMessage | MarkChatMessagesRead | ReactToChatMessage | DeleteChatMessage;

const messageIn = (state: Conversation, messageId: string, userId: string): MessageFacts => {
  const found = state.messages.get(messageId);
  if (!found) throw new ChatMessageNotFound();
  if (found.senderId !== userId && found.receiverId !== userId) throw new NotInConversation();
  return found;
};

export const decideConversation = (command: ChatCommand, state: Conversation): ChatEvent[] => {
  const at = command.metadata.now.toISOString();
  switch (command.type) {
    case 'SendChatMessage': {
      const { conversationId, messageId, senderId, receiverId, body, gifUrl, image, receiverIsViewing } = command.data;
      if (state.messages.has(messageId)) return []; // a retried command: the message is there
      const participants = participantsOf(state);
      if (participants.length > 0 && !(participants.includes(senderId) && participants.includes(receiverId))) throw new NotInConversation();
      const position = state.lastPosition + 1;
      const data = { conversationId, messageId, position, senderId, receiverId, body, gifUrl, image, readOnArrival: receiverIsViewing, sentAt: at };
      return [{ type: 'ChatMessageSent', data }];
    }
    case 'MarkChatMessagesRead': {
      const { conversationId, readerId } = command.data;
      const participants = participantsOf(state);
      if (participants.length > 0 && !participants.includes(readerId)) throw new NotInConversation();
      if (state.lastPosition <= (state.readUpTo[readerId] ?? 0)) return [];
      return [{ type: 'ChatMessagesRead', data: { conversationId, readerId, upTo: state.lastPosition, readAt: at } }];
    }
    case 'ReactToChatMessage': {
      const { conversationId, messageId, reactorId, reaction } = command.data;
      const facts = messageIn(state, messageId, reactorId);
      if (facts.deletedForEveryone || facts.deletedFor.includes(reactorId)) throw new ChatMessageNotFound();
      if ((facts.reactions[reactorId] ?? null) === reaction) return []; // the same reaction again, or removing none
      return [{ type: 'ChatMessageReacted', data: { conversationId, messageId, position: facts.position, reactorId, reaction, reactedAt: at } }];
    }
    case 'DeleteChatMessage': {
      const { conversationId, messageId, deleterId, scope } = command.data;
      const facts = messageIn(state, messageId, deleterId);
      if (scope === 'deleteForEveryone' && facts.senderId !== deleterId) throw new NotMessageSender();
      if (facts.deletedForEveryone || (scope === 'deleteForMe' && facts.deletedFor.includes(deleterId))) return [];
      const { position, senderId, receiverId, image, sentAt } = facts;
      const hidesFromReceiver = scope === 'deleteForEveryone' || deleterId === receiverId;
      const wasUnread = hidesFromReceiver && !facts.deletedFor.includes(receiverId) && position > (state.readUpTo[receiverId] ?? 0);
      const data = { conversationId, messageId, position, senderId, receiverId, deletedBy: deleterId, scope, image, sentAt, wasUnread, deletedAt: at };
      return [{ type: 'ChatMessageDeleted', data }];
    }
  }
};
