/** What other contexts may use of graph: who follows and blocks whom. */
export { areBlocked, assertNotBlocked, blockLists, followCountsOf, followerIds, followingIds, hiddenFrom, type FollowCounts } from './graph.queries';
export { RELATIONSHIPS_PROJECTION } from './relationships.projection';
