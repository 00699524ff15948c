import { chatEvents } from '@domain/chat';
import { chatMediaPolicy } from '@application/chat/chat-media.policy';
import { chatProjection } from '@application/chat/chat.projection';
import { chatRealtime } from '@application/chat/chat.realtime';
import { unreadEmailJob } from '@application/chat/unread-email.job';
import { unreadEmailPolicy } from '@application/chat/unread-email.policy';
import { chatUsersRouter } from '../http/chat/chat-users.router';
import { chatRouter } from '../http/chat/chat.router';
import { chatWindowsHandlers } from '../socket/chat-windows.handlers';
import type { ContextModule } from './context-module';

export const chatModule: ContextModule = {
  name: 'chat',
  events: chatEvents,
  projections: [chatProjection],
  policies: (deps) => [chatMediaPolicy(deps), unreadEmailPolicy(deps)],
  realtimeProjections: [chatRealtime],
  jobs: (deps) => [unreadEmailJob(deps)],
  routers: (deps) => [chatRouter(deps), chatUsersRouter(deps)],
  socketHandlers: (deps) => chatWindowsHandlers(deps),
};
