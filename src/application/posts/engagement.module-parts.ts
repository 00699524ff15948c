import { commentsProjection } from './comments.projection';
import { postEngagementRealtime } from './engagement.realtime';
import { reactionsProjection } from './reactions.projection';

/** What comments and reactions add to the posts context's module (its routers are in `interfaces/http/posts/`). */
export const engagementProjections = [commentsProjection, reactionsProjection];
export const engagementRealtime = [postEngagementRealtime];
