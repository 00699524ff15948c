/** What other contexts may use of posts: the posts a viewer may see on a profile, and how many posts users have. */
export { getProfilePosts, postsCountsOf } from './feeds.query';
export type { PostDocument } from './post-documents.query';
export { POSTS_PROJECTION } from './posts.projection';
