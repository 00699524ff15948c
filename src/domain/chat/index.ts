export * from './conversation/conversation';

import { chatEvents as conversationEvents } from './conversation/conversation';

export const chatEvents = [...conversationEvents];
