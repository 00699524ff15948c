import { EventCatalog } from '@application/shared/event-catalog';
import type { ContextModule, PolicyDependencies } from '@application/shared/context-module';
import type { Policy } from '@application/shared/policy';
import type { Projection } from '@application/shared/projection';
import type { RealtimeProjection } from '@application/shared/realtime';
import { identityModule } from '@application/identity/identity.module';
import { graphModule } from '@application/graph/graph.module';
import { notificationsModule } from '@application/notifications/notifications.module';
import { profileModule } from '@application/profile/profile.module';

/** Every bounded context of the product. Adding a context means adding its module here. */
const modules: readonly ContextModule[] = [identityModule, profileModule, graphModule, notificationsModule];

export const eventCatalog = (): EventCatalog => new EventCatalog(modules.flatMap((module) => module.events));

export const projections: readonly Projection[] = modules.flatMap((module) => module.projections);

export const policies = (deps: PolicyDependencies): Policy[] => modules.flatMap((module) => module.policies(deps));

export const realtimeProjections: readonly RealtimeProjection[] = modules.flatMap((module) => module.realtimeProjections);
