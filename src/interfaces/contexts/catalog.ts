import { combineContexts } from '@application/shared/context-module';
import { EventCatalog } from '@application/shared/event-catalog';
import { chatModule } from './chat.module';
import type { ContextModule } from './context-module';
import { graphModule } from './graph.module';
import { identityModule } from './identity.module';
import { notificationsModule } from './notifications.module';
import { postsModule } from './posts.module';
import { profileModule } from './profile.module';

/** Every bounded context of the product. Adding a context means adding its module here. */
export const contextModules: readonly ContextModule[] = [identityModule, graphModule, postsModule, profileModule, notificationsModule, chatModule];

/** Their event types, consumers and jobs together; a name used twice stops start-up here. */
export const contexts = combineContexts(contextModules);

export const eventCatalog = (): EventCatalog => new EventCatalog(contexts.events);
