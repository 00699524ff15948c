import { postsEvents } from '@domain/posts';
import { engagementProjections, engagementRealtime } from '@application/posts/engagement.module-parts';
import { postMediaPolicy } from '@application/posts/post-media.policy';
import { postsProjection } from '@application/posts/posts.projection';
import { postsRealtime } from '@application/posts/posts.realtime';
import { commentsRouter } from '../http/posts/comments.router';
import { postsRouter } from '../http/posts/posts.router';
import { reactionsRouter } from '../http/posts/reactions.router';
import type { ContextModule } from './context-module';

export const postsModule: ContextModule = {
  name: 'posts',
  events: postsEvents,
  projections: [postsProjection, ...engagementProjections],
  policies: (deps) => [postMediaPolicy(deps)],
  realtimeProjections: [postsRealtime, ...engagementRealtime],
  jobs: () => [],
  routers: (deps) => [postsRouter(deps), commentsRouter(deps), reactionsRouter(deps)],
  socketHandlers: () => [],
};
