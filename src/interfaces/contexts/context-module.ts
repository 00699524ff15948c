import type { Router } from 'express';
import type { Dependencies } from '@application/dependencies';
import type { ContextRuntime } from '@application/shared/context-module';
import type { InboundSocketHandler, Presence } from '@application/shared/realtime';
import type { ApiDependencies } from '../http/api-dependencies';

/**
 * Everything a bounded context contributes to the running system, in one place: its event types, projections,
 * policies, realtime projections and jobs (run by the container), its HTTP routers (under /api/v1) and the socket
 * messages it handles. Adding a context is its own folders plus its module in `catalog.ts`.
 */
export type ContextModule = ContextRuntime<Dependencies> &
  Readonly<{
    routers: (deps: ApiDependencies) => Router[];
    socketHandlers: (deps: Dependencies & Readonly<{ presence: Presence }>) => InboundSocketHandler[];
  }>;
