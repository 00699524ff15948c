import { profileEvents } from '@domain/profile';
import { profileRealtime } from '@application/profile/profile.realtime';
import { usersProjection } from '@application/profile/users.projection';
import { profileRouter } from '../http/profile/profile.router';
import type { ContextModule } from './context-module';

export const profileModule: ContextModule = {
  name: 'profile',
  events: profileEvents,
  projections: [usersProjection],
  policies: () => [],
  realtimeProjections: [profileRealtime],
  jobs: () => [],
  routers: (deps) => [profileRouter(deps)],
  socketHandlers: () => [],
};
