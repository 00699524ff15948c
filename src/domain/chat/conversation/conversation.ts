import { z } from 'zod';
import { defineEvent, ForbiddenError, NotFoundError, type Command, type Decider, type EventOf } from '@domain/shared';

/*
 * A conversation between two users is one stream: the one order of its messages. Each message gets the next position
 * of the stream when it is appended, so two messages sent at once from both sides (from any processes) are ordered by
 * the store, and a client that has seen position n knows it missed whatever comes after n. Each participant has one
 * "read up to" position: marking as read moves it, and a message is read once its receiver's position reaches it.
 */

export const CHAT_REACTIONS = ['like', 'love', 'happy', 'wow', 'sad', 'angry'] as const;
export type ChatReaction = (typeof CHAT_REACTIONS)[number];

export const DELETE_SCOPES = ['deleteForMe', 'deleteForEveryone'] as const;
export type DeleteScope = (typeof DELETE_SCOPES)[number];

const chatImage = z.object({ id: z.string().min(1), version: z.string(), url: z.string().min(1) });
export type ChatImage = z.infer<typeof chatImage>;

const conversation = { conversationId: z.string().min(1) };
const message = { ...conversation, messageId: z.string().min(1), position: z.number().int().positive() };

export const chatMessageSent = defineEvent(
  'ChatMessageSent',
  1,
  z.object({
    ...message,
    senderId: z.string().min(1),
    receiverId: z.string().min(1),
    body: z.string(),
    gifUrl: z.string(),
    image: chatImage.nullable(),
    /** The receiver had this conversation open: it is read as it arrives (their read position moves to it). */
    readOnArrival: z.boolean(),
    sentAt: z.string(),
  }),
);
export const chatMessagesRead = defineEvent(
  'ChatMessagesRead',
  1,
  z.object({ ...conversation, readerId: z.string().min(1), upTo: z.number().int().positive(), readAt: z.string() }),
);
export const chatMessageReacted = defineEvent(
  'ChatMessageReacted',
  1,
  z.object({ ...message, reactorId: z.string().min(1), reaction: z.enum(CHAT_REACTIONS).nullable(), reactedAt: z.string() }),
);
export const chatMessageDeleted = defineEvent(
  'ChatMessageDeleted',
  1,
  z.object({
    ...message,
    senderId: z.string().min(1),
    receiverId: z.string().min(1),
    deletedBy: z.string().min(1),
    scope: z.enum(DELETE_SCOPES),
    /** Removed from storage when the message is deleted for everyone. */
    image: chatImage.nullable(),
    sentAt: z.string(),
    deletedAt: z.string(),
  }),
);

export const chatEvents = [chatMessageSent, chatMessagesRead, chatMessageReacted, chatMessageDeleted];
export type ChatEvent =
  EventOf<typeof chatMessageSent> | EventOf<typeof chatMessagesRead> | EventOf<typeof chatMessageReacted> | EventOf<typeof chatMessageDeleted>;

/** What a decision about one message needs; its content lives in the events and the read models only. */
export type MessageFacts = Readonly<{
  position: number;
  senderId: string;
  receiverId: string;
  sentAt: string;
  image: ChatImage | null;
  deletedForEveryone: boolean;
  deletedFor: readonly string[];
  reactions: Readonly<Record<string, ChatReaction>>;
}>;

export type Conversation = Readonly<{
  lastPosition: number;
  readUpTo: Readonly<Record<string, number>>;
  /**
   * Owned by the fold: `evolve` adds and replaces entries in place, because copying the map for every event would make
   * loading a long conversation quadratic. Deciders never write to it.
   */
  messages: Map<string, MessageFacts>;
}>;

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

export class ChatMessageNotFound extends NotFoundError {
  constructor() {
    super('Message not found');
  }
}

export class NotInConversation extends ForbiddenError {
  constructor() {
    super('You are not part of this conversation.');
  }
}

export class NotMessageSender extends ForbiddenError {
  constructor() {
    super('Only the sender may delete a message for everyone.');
  }
}

export const conversationStreamId = (conversationId: string): string => `conversation:${conversationId}`;

/** The participants of a conversation, taken from its first message (a conversation without messages has none). */
export const participantsOf = (state: Conversation): readonly string[] => {
  const first = state.messages.values().next();
  return first.done ? [] : [first.value.senderId, first.value.receiverId];
};

const messageIn = (state: Conversation, messageId: string, userId: string): MessageFacts => {
  const found = state.messages.get(messageId);
  if (!found) throw new ChatMessageNotFound();
  if (found.senderId !== userId && found.receiverId !== userId) throw new NotInConversation();
  return found;
};

const withMessage = (state: Conversation, messageId: string, change: (facts: MessageFacts) => MessageFacts): Conversation => {
  const facts = state.messages.get(messageId);
  if (facts) state.messages.set(messageId, change(facts));
  return state;
};

export const conversationDecider: Decider<ChatCommand, ChatEvent, Conversation> = {
  initialState: () => ({ lastPosition: 0, readUpTo: {}, messages: new Map() }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ChatMessageSent': {
        const { messageId, position, senderId, receiverId, sentAt, image, readOnArrival } = event.data;
        state.messages.set(messageId, { position, senderId, receiverId, sentAt, image, deletedForEveryone: false, deletedFor: [], reactions: {} });
        const readUpTo = readOnArrival ? { ...state.readUpTo, [receiverId]: position } : state.readUpTo;
        return { ...state, lastPosition: position, readUpTo };
      }
      case 'ChatMessagesRead':
        return { ...state, readUpTo: { ...state.readUpTo, [event.data.readerId]: event.data.upTo } };
      case 'ChatMessageReacted': {
        const { reactorId, reaction } = event.data;
        return withMessage(state, event.data.messageId, (facts) => {
          const { [reactorId]: _previous, ...others } = facts.reactions;
          return { ...facts, reactions: reaction ? { ...others, [reactorId]: reaction } : others };
        });
      }
      case 'ChatMessageDeleted': {
        const { scope, deletedBy } = event.data;
        return withMessage(state, event.data.messageId, (facts) =>
          scope === 'deleteForEveryone'
            ? { ...facts, deletedForEveryone: true, reactions: {}, image: null }
            : { ...facts, deletedFor: [...facts.deletedFor, deletedBy] },
        );
      }
    }
  },
  decide: (command, state) => {
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
        const data = { conversationId, messageId, position, senderId, receiverId, deletedBy: deleterId, scope, image, sentAt, deletedAt: at };
        return [{ type: 'ChatMessageDeleted', data }];
      }
    }
  },
};
