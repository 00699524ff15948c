import { graphEvents } from '@domain/graph';
import { graphRealtime } from '@application/graph/graph.realtime';
import { relationshipsProjection } from '@application/graph/relationships.projection';
import { graphRouter } from '../http/graph/graph.router';
import type { ContextModule } from './context-module';

export const graphModule: ContextModule = {
  name: 'graph',
  events: graphEvents,
  projections: [relationshipsProjection],
  policies: () => [],
  realtimeProjections: [graphRealtime],
  jobs: () => [],
  routers: (deps) => [graphRouter(deps)],
  socketHandlers: () => [],
};
