import { profileEvents } from '@domain/profile';
import { backgroundFollowsPostPolicy } from '@application/profile/background-follows-post.policy';
import { galleryProjection } from '@application/profile/gallery.projection';
import { profileRealtime } from '@application/profile/profile.realtime';
import { usersProjection } from '@application/profile/users.projection';
import { profileRouter } from '../http/profile/profile.router';
import type { ContextModule } from './context-module';

export const profileModule: ContextModule = {
  name: 'profile',
  events: profileEvents,
  projections: [usersProjection, galleryProjection],
  policies: (deps) => [backgroundFollowsPostPolicy(deps)],
  realtimeProjections: [profileRealtime],
  jobs: () => [],
  routers: (deps) => [profileRouter(deps)],
  socketHandlers: () => [],
};
