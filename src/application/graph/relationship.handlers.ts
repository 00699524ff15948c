import type { CommandMetadata } from '@domain/shared';
import { relationshipDecider, relationshipStreamId, type GraphEvent, type RelationshipCommand } from '@domain/graph';
import { assertUserExists } from '@application/identity/account.queries';
import type { EventStore } from '@application/shared/event-store';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';

type Target = Readonly<{ actorId: string; targetId: string }>;

/**
 * Follow, unfollow, block and unblock all act on the pair's one stream. A conflict (the other user acted at the same
 * moment) is decided again on the fresh state, so the rules hold against what really happened.
 */
const onRelationship = async (store: EventStore, { actorId, targetId }: Target, command: RelationshipCommand): Promise<CommandResult<GraphEvent>> => {
  if (actorId !== targetId) await assertUserExists(store, targetId);
  return handleCommand(store, relationshipDecider, relationshipStreamId(actorId, targetId), command, { retryOnConflict: true });
};

export const followUser = (store: EventStore, target: Target, metadata: CommandMetadata) =>
  onRelationship(store, target, { type: 'FollowUser', data: { followerId: target.actorId, followeeId: target.targetId }, metadata });

export const unfollowUser = (store: EventStore, target: Target, metadata: CommandMetadata) =>
  onRelationship(store, target, { type: 'UnfollowUser', data: { followerId: target.actorId, followeeId: target.targetId }, metadata });

export const blockUser = (store: EventStore, target: Target, metadata: CommandMetadata) =>
  onRelationship(store, target, { type: 'BlockUser', data: { blockerId: target.actorId, blockedId: target.targetId }, metadata });

export const unblockUser = (store: EventStore, target: Target, metadata: CommandMetadata) =>
  onRelationship(store, target, { type: 'UnblockUser', data: { blockerId: target.actorId, blockedId: target.targetId }, metadata });
