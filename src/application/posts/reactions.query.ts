import { PostNotFound, REACTION_TYPES, reactionStreamId, type ReactionType } from '@domain/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels, ReadModelView } from '@application/shared/read-models';
import { ENGAGEMENT_LIST_LIMIT, newestOf, userCardsOf, visiblePostFor, type UserCard } from './engagement-access.query';
import { REACTIONS_PROJECTION, reactionCountsOf } from './engagement.query';
import { storedPostsOf } from './post-documents.query';
import { reactionKeys } from './reactions.projection';
import { readerMaySee, readerOf } from './reader.query';

/** The contract's reaction document (`IReactionDocument`), with the reactor's card as it is now and `userTo`, the post's author. */
export type ReactionDocument = Readonly<{
  _id: string;
  postId: string;
  type: ReactionType;
  username: string;
  avatarColor: string;
  profilePicture: string;
  createdAt: string;
  userTo: string;
}>;

type GivenReaction = Readonly<{ postId: string; userId: string; type: ReactionType; createdAt: string }>;

const view = (readModels: ReadModels) => readModels.view(REACTIONS_PROJECTION);

const isReactionType = (value: string): value is ReactionType => (REACTION_TYPES as readonly string[]).includes(value);

/** One user's reaction to a post, or null: one command on the pair's own key. */
const reactionOf = async (reactions: ReadModelView, postId: string, userId: string): Promise<GivenReaction | null> => {
  const [entry] = await reactions.sortedRangeByScore(reactionKeys.reaction(postId, userId), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, { limit: 1 });
  if (!entry || !isReactionType(entry.member)) return null;
  return { postId, userId, type: entry.member, createdAt: new Date(entry.score).toISOString() };
};

const documentOf = (reaction: GivenReaction, card: UserCard | undefined, postAuthorId: string): ReactionDocument => ({
  _id: reactionStreamId(reaction.postId, reaction.userId),
  postId: reaction.postId,
  type: reaction.type,
  username: card?.username ?? '',
  avatarColor: card?.avatarColor ?? '',
  profilePicture: card?.profilePicture ?? '',
  createdAt: reaction.createdAt,
  userTo: postAuthorId,
});

const visiblePost = async (readModels: ReadModels, viewerId: string, postId: string) => {
  const visible = await visiblePostFor.run(readModels, viewerId, postId);
  if (!visible) throw new PostNotFound();
  return visible;
};

/** The user a username names (in any case), or null. */
const userIdByName = (readModels: ReadModels, username: string): Promise<string | null> => view(readModels).value(reactionKeys.userByName(username));

const READS = readsOf(visiblePostFor, userCardsOf, REACTIONS_PROJECTION);

/**
 * Contract 2.6 `GET /post/reactions/:postId`: the latest reactions first, at most 100, and `count`, how many reactions
 * the post has for this viewer (its counts, less the reactions of users hidden from the viewer by a block).
 */
export const getPostReactions = defineQuery(
  READS,
  async (readModels, viewerId: string, postId: string): Promise<Readonly<{ reactions: ReactionDocument[]; count: number }>> => {
    const { reader, post } = await visiblePost(readModels, viewerId, postId);
    const reactions = view(readModels);
    const [given, counts, hiddenReactions] = await Promise.all([
      newestOf(reactions, reactionKeys.reactors(postId), ENGAGEMENT_LIST_LIMIT, (userIds) =>
        Promise.all(userIds.map((userId) => (reader.hidden.has(userId) ? Promise.resolve(null) : reactionOf(reactions, postId, userId)))),
      ),
      reactions.hash(reactionKeys.counts(postId)),
      Promise.all([...reader.hidden].map((userId) => reactionOf(reactions, postId, userId))),
    ]);
    const total = Object.values(reactionCountsOf(counts)).reduce((sum, n) => sum + n, 0);
    const cards = await userCardsOf.run(
      readModels,
      given.map((reaction) => reaction.userId),
    );
    return {
      reactions: given.map((reaction) => documentOf(reaction, cards.get(reaction.userId), post.authorId)),
      count: Math.max(0, total - hiddenReactions.filter((reaction) => reaction !== null).length),
    };
  },
);

/**
 * Contract 2.6 `GET /post/single/reaction/username/:username/:postId`: that user's reaction to the post, or null (no
 * reaction, no such user, or a user hidden from the viewer by a block).
 */
export const getReactionByUsername = defineQuery(
  READS,
  async (readModels, viewerId: string, username: string, postId: string): Promise<ReactionDocument | null> => {
    const { reader, post } = await visiblePost(readModels, viewerId, postId);
    const userId = await userIdByName(readModels, username);
    if (userId === null || reader.hidden.has(userId)) return null;
    const reaction = await reactionOf(view(readModels), postId, userId);
    if (!reaction) return null;
    const cards = await userCardsOf.run(readModels, [userId]);
    return documentOf(reaction, cards.get(userId), post.authorId);
  },
);

/**
 * Contract 2.6 `GET /post/reactions/username/:username`: that user's latest reactions first, at most 100, on posts the
 * viewer may see; none for an unknown user or one hidden from the viewer by a block.
 */
export const getReactionsByUsername = defineQuery(READS, async (readModels, viewerId: string, username: string): Promise<ReactionDocument[]> => {
  const [userId, reader] = await Promise.all([userIdByName(readModels, username), readerOf.run(readModels, viewerId)]);
  if (userId === null || reader.hidden.has(userId)) return [];
  const reactions = view(readModels);
  const [given, cards] = await Promise.all([
    newestOf(reactions, reactionKeys.reacted(userId), ENGAGEMENT_LIST_LIMIT, async (postIds) => {
      const posts = await storedPostsOf.run(readModels, postIds);
      return Promise.all(
        posts.map(async (post) => {
          if (!post || !readerMaySee(reader, post)) return null;
          const reaction = await reactionOf(reactions, post.postId, userId);
          return reaction && { reaction, postAuthorId: post.authorId };
        }),
      );
    }),
    userCardsOf.run(readModels, [userId]),
  ]);
  return given.map(({ reaction, postAuthorId }) => documentOf(reaction, cards.get(userId), postAuthorId));
});
