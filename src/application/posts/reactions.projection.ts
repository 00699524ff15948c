import type { AccountEvent } from '@domain/identity';
import type { PostEvent, ReactionEvent, ReactionType } from '@domain/posts';
import { defineProjection, rm, type ReadModelWrite } from '@application/shared/projection';
import { engagementKeys, noReactions, REACTIONS_PROJECTION } from './engagement.query';

const REACTED = 'reacted:';

export const reactionKeys = {
  /** The six counts of a live post: created with the post (all 0), deleted with it; reaction events need it to exist. */
  counts: engagementKeys.reactionCounts,
  /** The users who reacted to a post, scored by the position of their latest reaction: newest first is a reverse range. */
  reactors: (postId: string) => `reactors:${postId}`,
  /** The reactions to a post: field = user id, value = JSON `StoredReaction`. */
  reactions: (postId: string) => `reactions:${postId}`,
  /** The posts a user reacted to, scored like `reactors`. */
  reacted: (userId: string) => `${REACTED}${userId}`,
  /** A user's id by their username in lower case (usernames are unique whatever their case), for the routes by username. */
  userByName: (username: string) => `user-by-name:${username.toLowerCase()}`,
};

/** What the projection keeps of one user's reaction to a post: its type, and when it was given. */
export type StoredReaction = Readonly<{ type: ReactionType; createdAt: string }>;

/*
 * Counts are increments from the events, which carry the type they replace: a user's reactions to a post are one
 * stream, so their events come in order and each changes the counts exactly once, however many users react at once,
 * and a rebuild sums the same events to the same counts. The reactions to a post are one hash, keyed by user, so
 * that one user's reaction, or those of a window of reactors, is one command, and the post's deletion deletes the
 * hash; each reactor's list of posts is walked from the post's reactors.
 */
const whilePostLives = (postId: string, writes: ReadModelWrite[]): ReadModelWrite[] => rm.ifExists(reactionKeys.counts(postId), writes);

const countsOf = (counts: Record<string, number>): Record<string, string> => Object.fromEntries(Object.entries(counts).map(([type, n]) => [type, String(n)]));

export const reactionsProjection = defineProjection<ReactionEvent | PostEvent | AccountEvent>(REACTIONS_PROJECTION, 2, {
  AccountRegistered: ({ data }) => [rm.valueSet(reactionKeys.userByName(data.username), data.userId)],
  PostCreated: ({ data }) => [rm.hashSet(reactionKeys.counts(data.postId), countsOf(noReactions()))],
  PostDeleted: ({ data }) => {
    const { postId } = data;
    return [
      rm.sortedRemoveFromEach(reactionKeys.reactors(postId), REACTED, postId),
      rm.delete(reactionKeys.reactions(postId)),
      rm.delete(reactionKeys.reactors(postId)),
      rm.delete(reactionKeys.counts(postId)),
    ];
  },
  ReactionGiven: (event) => {
    const { postId, userId, type, previousType, givenAt } = event.data;
    const position = event.metadata.globalPosition;
    const stored: StoredReaction = { type, createdAt: givenAt };
    return whilePostLives(postId, [
      rm.hashIncrement(reactionKeys.counts(postId), type, 1),
      ...(previousType === null ? [] : [rm.hashIncrement(reactionKeys.counts(postId), previousType, -1)]),
      rm.hashSet(reactionKeys.reactions(postId), { [userId]: JSON.stringify(stored) }),
      rm.sortedAdd(reactionKeys.reactors(postId), position, userId),
      rm.sortedAdd(reactionKeys.reacted(userId), position, postId),
    ]);
  },
  ReactionRemoved: ({ data }) => {
    const { postId, userId, type } = data;
    return whilePostLives(postId, [
      rm.hashIncrement(reactionKeys.counts(postId), type, -1),
      rm.hashDelete(reactionKeys.reactions(postId), userId),
      rm.sortedRemove(reactionKeys.reactors(postId), userId),
      rm.sortedRemove(reactionKeys.reacted(userId), postId),
    ]);
  },
});
