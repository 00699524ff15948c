import { z } from 'zod';
import { defineEvent, DomainError, ForbiddenError, ValidationError, type Command, type Decider, type EventOf } from '@domain/shared';

/*
 * Everything between two users (who follows whom, who blocks whom) is one stream, keyed by the pair. So the rules that
 * span both directions hold by construction: a block and a concurrent follow cannot both be appended on a stale view,
 * and a block ends the follows of both directions in the same commit.
 */

const ids = { followerId: z.string().min(1), followeeId: z.string().min(1) };
export const userFollowed = defineEvent('UserFollowed', 1, z.object({ ...ids, followedAt: z.string() }));
export const userUnfollowed = defineEvent('UserUnfollowed', 1, z.object({ ...ids, unfollowedAt: z.string() }));
export const userBlocked = defineEvent('UserBlocked', 1, z.object({ blockerId: z.string().min(1), blockedId: z.string().min(1), blockedAt: z.string() }));
export const userUnblocked = defineEvent('UserUnblocked', 1, z.object({ blockerId: z.string().min(1), blockedId: z.string().min(1), unblockedAt: z.string() }));

export const graphEvents = [userFollowed, userUnfollowed, userBlocked, userUnblocked];
export type GraphEvent = EventOf<typeof userFollowed> | EventOf<typeof userUnfollowed> | EventOf<typeof userBlocked> | EventOf<typeof userUnblocked>;

/** The users of the pair who follow the other one, and who block the other one. */
export type Relationship = Readonly<{ followers: readonly string[]; blockers: readonly string[] }>;

export type FollowUser = Command<'FollowUser', { followerId: string; followeeId: string }>;
export type UnfollowUser = Command<'UnfollowUser', { followerId: string; followeeId: string }>;
export type BlockUser = Command<'BlockUser', { blockerId: string; blockedId: string }>;
export type UnblockUser = Command<'UnblockUser', { blockerId: string; blockedId: string }>;
export type RelationshipCommand = FollowUser | UnfollowUser | BlockUser | UnblockUser;

export class CannotTargetSelf extends ValidationError {
  constructor(action: string) {
    super(`You cannot ${action} yourself.`);
  }
}

export class AlreadyFollowing extends DomainError {
  readonly code = 'already_following';
  constructor() {
    super('You already follow this user.');
  }
}

export class NotFollowing extends DomainError {
  readonly code = 'not_following';
  constructor() {
    super('You do not follow this user.');
  }
}

export class AlreadyBlocked extends DomainError {
  readonly code = 'already_blocked';
  constructor() {
    super('You already blocked this user.');
  }
}

export class NotBlocked extends DomainError {
  readonly code = 'not_blocked';
  constructor() {
    super('You have not blocked this user.');
  }
}

/** Either user blocks the other: they may not follow, message, comment on or react to each other. */
export class UsersBlocked extends ForbiddenError {
  constructor() {
    super('This user is not available.');
  }
}

export const relationshipStreamId = (userA: string, userB: string): string => {
  const [first, second] = [userA, userB].sort();
  return `relationship:${first}:${second}`;
};

export const isBlocked = (state: Relationship): boolean => state.blockers.length > 0;

const without = (list: readonly string[], id: string) => list.filter((entry) => entry !== id);

export const relationshipDecider: Decider<RelationshipCommand, GraphEvent, Relationship> = {
  initialState: () => ({ followers: [], blockers: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'UserFollowed':
        return { ...state, followers: [...without(state.followers, event.data.followerId), event.data.followerId] };
      case 'UserUnfollowed':
        return { ...state, followers: without(state.followers, event.data.followerId) };
      case 'UserBlocked':
        return { ...state, blockers: [...without(state.blockers, event.data.blockerId), event.data.blockerId] };
      case 'UserUnblocked':
        return { ...state, blockers: without(state.blockers, event.data.blockerId) };
    }
  },
  decide: (command, state) => {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'FollowUser': {
        const { followerId, followeeId } = command.data;
        if (followerId === followeeId) throw new CannotTargetSelf('follow');
        if (isBlocked(state)) throw new UsersBlocked();
        if (state.followers.includes(followerId)) throw new AlreadyFollowing();
        return [{ type: 'UserFollowed', data: { followerId, followeeId, followedAt: at } }];
      }
      case 'UnfollowUser': {
        const { followerId, followeeId } = command.data;
        if (!state.followers.includes(followerId)) throw new NotFollowing();
        return [{ type: 'UserUnfollowed', data: { followerId, followeeId, unfollowedAt: at } }];
      }
      case 'BlockUser': {
        const { blockerId, blockedId } = command.data;
        if (blockerId === blockedId) throw new CannotTargetSelf('block');
        if (state.blockers.includes(blockerId)) throw new AlreadyBlocked();
        const endedFollows: GraphEvent[] = state.followers.map((followerId) => ({
          type: 'UserUnfollowed',
          data: { followerId, followeeId: followerId === blockerId ? blockedId : blockerId, unfollowedAt: at },
        }));
        return [{ type: 'UserBlocked', data: { blockerId, blockedId, blockedAt: at } }, ...endedFollows];
      }
      case 'UnblockUser': {
        const { blockerId, blockedId } = command.data;
        if (!state.blockers.includes(blockerId)) throw new NotBlocked();
        return [{ type: 'UserUnblocked', data: { blockerId, blockedId, unblockedAt: at } }];
      }
    }
  },
};
