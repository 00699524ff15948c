import { identityEvents } from '@domain/identity';
import type { ContextModule } from '@application/shared/context-module';
import { accessProjection } from './access.projection';
import { endSocketsPolicy } from './end-sockets.policy';
import { identityEmailsPolicy } from './identity-emails.policy';

export const identityModule: ContextModule = {
  events: identityEvents,
  projections: [accessProjection],
  policies: (deps) => [identityEmailsPolicy(deps), endSocketsPolicy(deps)],
  realtimeProjections: [],
};
