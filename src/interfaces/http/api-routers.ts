import type { Router } from 'express';
import type { IdentityDependencies } from '@application/identity/identity-dependencies';
import type { ListAnchors } from '@application/shared/list-anchors';
import type { Clock } from '@application/shared/clock';
import type { EventStore } from '@application/shared/event-store';
import type { Ids } from '@application/shared/ids';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime } from '@application/shared/realtime';
import type { WriteTracker } from '@application/shared/write-tracker';
import { graphRouter } from './graph/graph.router';
import { notificationsRouter } from './notifications/notifications.router';
import { authRouter } from './identity/auth.router';
import type { RateLimits } from './middleware/rate-limits';
import { profileRouter } from './profile/profile.router';
import type { SessionCookieSettings } from './identity/session-cookie';

/** What the routers of every context may use. */
export type ApiDependencies = Readonly<{
  store: EventStore;
  readModels: ReadModels;
  writeTracker: WriteTracker;
  clock: Clock;
  ids: Ids;
  identity: IdentityDependencies;
  cookie: SessionCookieSettings;
  /** How long a query waits for the caller's own last write to reach the read models. */
  readYourWritesTimeoutMs: number;
  /** Where each caller's paged lists stand (pages are asked for by number). */
  listAnchors: ListAnchors;
  rateLimits: RateLimits;
  realtime: Realtime;
}>;

/** The Chatty contract under /api/v1, one router per context. */
export const apiRouters = (deps: ApiDependencies): Router[] => [authRouter(deps), graphRouter(deps), notificationsRouter(deps), profileRouter(deps)];
