import { profileEvents } from '@domain/profile';
import type { ContextModule } from '@application/shared/context-module';
import { usersProjection } from './users.projection';

export const profileModule: ContextModule = {
  events: profileEvents,
  projections: [usersProjection],
  policies: () => [],
  realtimeProjections: [],
};
