import { graphEvents } from '@domain/graph';
import type { ContextModule } from '@application/shared/context-module';
import { graphRealtime } from './graph.realtime';
import { relationshipsProjection } from './relationships.projection';

export const graphModule: ContextModule = {
  events: graphEvents,
  projections: [relationshipsProjection],
  policies: () => [],
  realtimeProjections: [graphRealtime],
};
