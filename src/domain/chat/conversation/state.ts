import type { ChatEvent, ChatImage, ChatReaction } from './events';

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

/** The participants of a conversation, taken from its first message (a conversation without messages has none). */
export const participantsOf = (state: Conversation): readonly string[] => {
  const first = state.messages.values().next();
  return first.done ? [] : [first.value.senderId, first.value.receiverId];
};

const withMessage = (state: Conversation, messageId: string, change: (facts: MessageFacts) => MessageFacts): Conversation => {
  const facts = state.messages.get(messageId);
  if (facts) state.messages.set(messageId, change(facts));
  return state;
};

export const initialConversation = (): Conversation => ({ lastPosition: 0, readUpTo: {}, messages: new Map() });

export const evolveConversation = (state: Conversation, event: ChatEvent): Conversation => {
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
};
