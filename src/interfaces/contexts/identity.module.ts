import { identityEvents } from '@domain/identity';
import { accessProjection } from '@application/identity/access.projection';
import { endSocketsPolicy } from '@application/identity/end-sockets.policy';
import { identityEmailsPolicy } from '@application/identity/identity-emails.policy';
import { identityJobs } from '@application/identity/identity.jobs';
import { authRouter } from '../http/identity/auth.router';
import type { ContextModule } from './context-module';

export const identityModule: ContextModule = {
  name: 'identity',
  events: identityEvents,
  projections: [accessProjection],
  policies: (deps) => [identityEmailsPolicy(deps), endSocketsPolicy(deps)],
  realtimeProjections: [],
  jobs: identityJobs,
  routers: (deps) => [authRouter(deps)],
  socketHandlers: () => [],
};
