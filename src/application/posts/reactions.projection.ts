import type { AccountEvent } from '@domain/identity';
import { REACTION_TYPES, type PostEvent, type ReactionEvent } from '@domain/posts';
import { defineProjection, rm, type ReadModelWrite } from '@application/shared/projection';
import { engagementKeys, noReactions, REACTIONS_PROJECTION } from './engagement.query';

const REACTED = 'reacted:';
const reactionsOn = (postId: string): string => `reaction:${postId}:`;

export const reactionKeys = {
  /** The six counts of a live post: created with the post (all 0), deleted with it; reaction events need it to exist. */
  counts: engagementKeys.reactionCounts,
  /** The users who reacted to a post, scored by the position of their latest reaction: newest first is a reverse range. */
  reactors: (postId: string) => `reactors:${postId}`,
  /** One user's reaction to a post: a sorted set of one member, its type, scored by when it was given (epoch ms). */
  reaction: (postId: string, userId: string) => `${reactionsOn(postId)}${userId}`,
  /** The posts a user reacted to, scored like `reactors`. */
  reacted: (userId: string) => `${REACTED}${userId}`,
  /** A user's id by their username in lower case (usernames are unique whatever their case), for the routes by username. */
  userByName: (username: string) => `user-by-name:${username.toLowerCase()}`,
};

/*
 * Counts are increments from the events, which carry the type they replace: a user's reactions to a post are one
 * stream, so their events come in order and each changes the counts exactly once, however many users react at once,
 * and a rebuild sums the same events to the same counts. Each user's reaction is a key of its own (read in one
 * command by the routes that look up one user's reaction), so that a post's deletion can remove them all by walking
 * the post's reactors, as it removes the post from each reactor's list.
 */
const whilePostLives = (postId: string, writes: ReadModelWrite[]): ReadModelWrite[] => rm.ifExists(reactionKeys.counts(postId), writes);

const countsOf = (counts: Record<string, number>): Record<string, string> => Object.fromEntries(Object.entries(counts).map(([type, n]) => [type, String(n)]));

export const reactionsProjection = defineProjection<ReactionEvent | PostEvent | AccountEvent>(REACTIONS_PROJECTION, 1, {
  AccountRegistered: ({ data }) => [rm.valueSet(reactionKeys.userByName(data.username), data.userId)],
  PostCreated: ({ data }) => [rm.hashSet(reactionKeys.counts(data.postId), countsOf(noReactions()))],
  PostDeleted: ({ data }) => {
    const { postId } = data;
    return [
      rm.sortedRemoveFromEach(reactionKeys.reactors(postId), REACTED, postId),
      ...REACTION_TYPES.map((type) => rm.sortedRemoveFromEach(reactionKeys.reactors(postId), reactionsOn(postId), type)),
      rm.delete(reactionKeys.reactors(postId)),
      rm.delete(reactionKeys.counts(postId)),
    ];
  },
  ReactionGiven: (event) => {
    const { postId, userId, type, previousType, givenAt } = event.data;
    const position = event.metadata.globalPosition;
    const replaced =
      previousType === null
        ? []
        : [rm.hashIncrement(reactionKeys.counts(postId), previousType, -1), rm.sortedRemove(reactionKeys.reaction(postId, userId), previousType)];
    return whilePostLives(postId, [
      rm.hashIncrement(reactionKeys.counts(postId), type, 1),
      ...replaced,
      rm.sortedAdd(reactionKeys.reaction(postId, userId), Date.parse(givenAt), type),
      rm.sortedAdd(reactionKeys.reactors(postId), position, userId),
      rm.sortedAdd(reactionKeys.reacted(userId), position, postId),
    ]);
  },
  ReactionRemoved: ({ data }) => {
    const { postId, userId, type } = data;
    return whilePostLives(postId, [
      rm.hashIncrement(reactionKeys.counts(postId), type, -1),
      rm.sortedRemove(reactionKeys.reaction(postId, userId), type),
      rm.sortedRemove(reactionKeys.reactors(postId), userId),
      rm.sortedRemove(reactionKeys.reacted(userId), postId),
    ]);
  },
});
