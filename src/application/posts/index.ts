/** What other contexts may use of posts: a user's posts and their count, and the one rule of who may see a post. */
export { getProfilePosts, postsCountsOf } from './feeds.query';
export type { PostDocument } from './post-documents.query';
export { POSTS_PROJECTION } from './posts.projection';
export { readerMaySee, readerOf, type Reader } from './reader.query';
