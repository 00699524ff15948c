import type { CommandMetadata } from '@domain/shared';
import { relationshipDecider, relationshipStreamId, type GraphEvent, type RelationshipCommand } from '@domain/graph';
import { assertUserExists } from '@application/identity';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';

type Dependencies = Pick<SharedDependencies, 'store'>;

export type RelationshipTarget = Readonly<{ actorId: string; targetId: string }>;

/**
 * Follow, unfollow, block and unblock all act on the pair's one stream. A conflict (the other user acted at the same
 * moment) is decided again on the fresh state, so the rules hold against what really happened.
 */
const onRelationship = async (
  { store }: Dependencies,
  { actorId, targetId }: RelationshipTarget,
  command: RelationshipCommand,
): Promise<CommandResult<GraphEvent>> => {
  if (actorId !== targetId) await assertUserExists(store, targetId);
  return handleCommand(store, relationshipDecider, relationshipStreamId(actorId, targetId), command, { retryOnConflict: true });
};

export const followUser = (deps: Dependencies, target: RelationshipTarget, metadata: CommandMetadata) =>
  onRelationship(deps, target, { type: 'FollowUser', data: { followerId: target.actorId, followeeId: target.targetId }, metadata });

export const unfollowUser = (deps: Dependencies, target: RelationshipTarget, metadata: CommandMetadata) =>
  onRelationship(deps, target, { type: 'UnfollowUser', data: { followerId: target.actorId, followeeId: target.targetId }, metadata });

export const blockUser = (deps: Dependencies, target: RelationshipTarget, metadata: CommandMetadata) =>
  onRelationship(deps, target, { type: 'BlockUser', data: { blockerId: target.actorId, blockedId: target.targetId }, metadata });

export const unblockUser = (deps: Dependencies, target: RelationshipTarget, metadata: CommandMetadata) =>
  onRelationship(deps, target, { type: 'UnblockUser', data: { blockerId: target.actorId, blockedId: target.targetId }, metadata });
