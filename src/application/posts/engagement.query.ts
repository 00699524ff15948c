import { REACTION_TYPES, type ReactionType } from '@domain/posts';
import { defineQuery } from '@application/shared/query';

/** Read models of the comments and reactions on posts (their projections define the rest of their keys). */
export const COMMENTS_PROJECTION = 'posts.comments';
export const REACTIONS_PROJECTION = 'posts.reactions';

export const engagementKeys = {
  /** Comment ids of a post scored by position: its size is `commentsCount`. */
  comments: (postId: string) => `comments:${postId}`,
  /** The counts of each reaction type on a live post (created with the post, deleted with it). */
  reactionCounts: (postId: string) => `reaction-counts:${postId}`,
};

export type ReactionCounts = Record<ReactionType, number>;
export type Engagement = Readonly<{ commentsCount: number; reactions: ReactionCounts }>;

export const noReactions = (): ReactionCounts => ({ like: 0, love: 0, happy: 0, wow: 0, sad: 0, angry: 0 });

export const reactionCountsOf = (stored: Record<string, string> | null): ReactionCounts => {
  const counts = noReactions();
  for (const type of REACTION_TYPES) counts[type] = Math.max(0, Number(stored?.[type] ?? 0));
  return counts;
};

/** The comment and reaction counts of several posts, in two round trips. */
export const engagementOf = defineQuery([COMMENTS_PROJECTION, REACTIONS_PROJECTION], async (readModels, postIds: readonly string[]): Promise<Engagement[]> => {
  const [commentCounts, reactionCounts] = await Promise.all([
    readModels.view(COMMENTS_PROJECTION).sortedSizes(postIds.map(engagementKeys.comments)),
    readModels.view(REACTIONS_PROJECTION).hashes(postIds.map(engagementKeys.reactionCounts)),
  ]);
  return postIds.map((_, index) => ({ commentsCount: commentCounts[index]!, reactions: reactionCountsOf(reactionCounts[index]!) }));
});
