import { relationshipDecider, relationshipStreamId, isBlocked, UsersBlocked } from '@domain/graph';
import type { EventStore } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';
import { defineQuery } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { RELATIONSHIPS_PROJECTION, relationshipKeys } from './relationships.projection';

const view = (readModels: ReadModels) => readModels.view(RELATIONSHIPS_PROJECTION);

export type FollowCounts = Readonly<{ followersCount: number; followingCount: number }>;

/** The counts of several users in one round trip. */
export const followCountsOf = defineQuery([RELATIONSHIPS_PROJECTION], async (readModels, userIds: readonly string[]): Promise<FollowCounts[]> => {
  const sizes = await view(readModels).sortedSizes(userIds.flatMap((userId) => [relationshipKeys.followers(userId), relationshipKeys.following(userId)]));
  return userIds.map((_, index) => ({ followersCount: sizes[2 * index]!, followingCount: sizes[2 * index + 1]! }));
});

/** Newest first. */
export const followerIds = defineQuery([RELATIONSHIPS_PROJECTION], (readModels, userId: string) =>
  view(readModels).sortedRange(relationshipKeys.followers(userId), 0, -1, { reverse: true }),
);

/** Newest first. */
export const followingIds = defineQuery([RELATIONSHIPS_PROJECTION], (readModels, userId: string) =>
  view(readModels).sortedRange(relationshipKeys.following(userId), 0, -1, { reverse: true }),
);

export const blockLists = defineQuery([RELATIONSHIPS_PROJECTION], async (readModels, userId: string): Promise<{ blocked: string[]; blockedBy: string[] }> => {
  const [blocked, blockedBy] = await Promise.all([
    view(readModels).setMembers(relationshipKeys.blocking(userId)),
    view(readModels).setMembers(relationshipKeys.blockedBy(userId)),
  ]);
  return { blocked, blockedBy };
});

/** Users that must not appear in this viewer's lists: those the viewer blocks and those who block the viewer. */
export const hiddenFrom = defineQuery([RELATIONSHIPS_PROJECTION], async (readModels, viewerId: string): Promise<Set<string>> => {
  const { blocked, blockedBy } = await blockLists.run(readModels, viewerId);
  return new Set([...blocked, ...blockedBy]);
});

/**
 * The one place that says whether two users block each other, for commands (follow, message, comment, react): it
 * reads the pair's stream, so it is never stale.
 */
export const areBlocked = async (store: EventStore, userA: string, userB: string): Promise<boolean> =>
  isBlocked(await loadState(store, relationshipDecider, relationshipStreamId(userA, userB)));

export const assertNotBlocked = async (store: EventStore, userA: string, userB: string): Promise<void> => {
  if (await areBlocked(store, userA, userB)) throw new UsersBlocked();
};
