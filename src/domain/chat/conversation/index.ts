import type { Decider } from '@domain/shared';
import { decideConversation, type ChatCommand } from './decide';
import type { ChatEvent } from './events';
import { evolveConversation, initialConversation, type Conversation } from './state';

export * from './decide';
export * from './errors';
export * from './events';
export { participantsOf, type Conversation, type MessageFacts } from './state';

export const conversationStreamId = (conversationId: string): string => `conversation:${conversationId}`;

export const conversationDecider: Decider<ChatCommand, ChatEvent, Conversation> = {
  initialState: initialConversation,
  evolve: evolveConversation,
  decide: decideConversation,
};
