export * from './comment/comment';
export * from './post/post';
export * from './post/visibility';
export * from './reaction/reaction';

import { commentEvents } from './comment/comment';
import { postEvents } from './post/post';
import { reactionEvents } from './reaction/reaction';

export const postsEvents = [...postEvents, ...commentEvents, ...reactionEvents];
