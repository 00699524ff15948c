import { notificationEvents } from '@domain/notifications';
import { inboxProjection } from '@application/notifications/inbox.projection';
import { notificationsRealtime } from '@application/notifications/notifications.realtime';
import { notifyOnEngagementPolicy } from '@application/notifications/notify-on-engagement.policy';
import { notifyOnFollowPolicy } from '@application/notifications/notify-on-follow.policy';
import { notificationsRouter } from '../http/notifications/notifications.router';
import type { ContextModule } from './context-module';

export const notificationsModule: ContextModule = {
  name: 'notifications',
  events: notificationEvents,
  projections: [inboxProjection],
  policies: (deps) => [notifyOnFollowPolicy(deps), notifyOnEngagementPolicy(deps)],
  realtimeProjections: [notificationsRealtime],
  jobs: () => [],
  routers: (deps) => [notificationsRouter(deps)],
  socketHandlers: () => [],
};
