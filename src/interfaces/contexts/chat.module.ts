import { chatEvents } from '@domain/chat';
import { chatMediaPolicy } from '@application/chat/chat-media.policy';
import { chatProjection } from '@application/chat/chat.projection';
import { chatRealtime } from '@application/chat/chat.realtime';
import { chatRouter } from '../http/chat/chat.router';
import type { ContextModule } from './context-module';

export const chatModule: ContextModule = {
  name: 'chat',
  events: chatEvents,
  projections: [chatProjection],
  policies: (deps) => [chatMediaPolicy(deps)],
  realtimeProjections: [chatRealtime],
  jobs: () => [],
  routers: (deps) => [chatRouter(deps)],
  socketHandlers: () => [],
};
