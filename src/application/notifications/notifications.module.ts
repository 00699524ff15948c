import { notificationEvents } from '@domain/notifications';
import type { ContextModule } from '@application/shared/context-module';
import { inboxProjection } from './inbox.projection';
import { notificationsRealtime } from './notifications.realtime';
import { notifyOnFollowPolicy } from './notify-on-follow.policy';

export const notificationsModule: ContextModule = {
  events: notificationEvents,
  projections: [inboxProjection],
  policies: (deps) => [notifyOnFollowPolicy(deps)],
  realtimeProjections: [notificationsRealtime],
};
