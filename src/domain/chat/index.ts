export * from './conversation';

import { chatEvents as conversationEvents } from './conversation';

export const chatEvents = [...conversationEvents];
