import { REACTION_TYPES, reactionStreamId, type ReactionType } from '@domain/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels, ReadModelView } from '@application/shared/read-models';
import { ENGAGEMENT_LIST_LIMIT, newestOf, userCardsOf, visiblePost, visiblePostFor, type UserCard } from './engagement-access.query';
import { REACTIONS_PROJECTION, reactionCountsOf } from './engagement.query';
import { storedPostsOf } from './post-documents.query';
import { reactionKeys, type StoredReaction } from './reactions.projection';
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

const isReactionType = (value: unknown): value is ReactionType => (REACTION_TYPES as readonly unknown[]).includes(value);

/** A user's reaction from its field of the post's `reactions` hash, or null when there is none. */
const givenReactionOf = (postId: string, userId: string, json: string | null | undefined): GivenReaction | null => {
  if (!json) return null;
  const stored = JSON.parse(json) as Partial<StoredReaction>;
  return isReactionType(stored.type) ? { postId, userId, type: stored.type, createdAt: String(stored.createdAt ?? '') } : null;
};

/** The reactions of some users to one post, null for those without one: one command. */
const reactionsOf = async (reactions: ReadModelView, postId: string, userIds: readonly string[]): Promise<Array<GivenReaction | null>> => {
  const fields = await reactions.hashFields(reactionKeys.reactions(postId), userIds);
  return userIds.map((userId, index) => givenReactionOf(postId, userId, fields[index]));
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
      newestOf(reactions, reactionKeys.reactors(postId), ENGAGEMENT_LIST_LIMIT, async (userIds) =>
        (await reactionsOf(reactions, postId, userIds)).map((reaction) => (reaction && !reader.hidden.has(reaction.userId) ? reaction : null)),
      ),
      reactions.hash(reactionKeys.counts(postId)),
      reactionsOf(reactions, postId, [...reader.hidden]),
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
    const [reaction] = await reactionsOf(view(readModels), postId, [userId]);
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
    // A window's posts and the user's field of each post's reactions are read at once: one round trip a window.
    newestOf(reactions, reactionKeys.reacted(userId), ENGAGEMENT_LIST_LIMIT, async (postIds) => {
      const [posts, own] = await Promise.all([
        storedPostsOf.run(readModels, postIds),
        Promise.all(postIds.map(async (postId) => (await reactionsOf(reactions, postId, [userId]))[0] ?? null)),
      ]);
      return posts.map((post, index) => {
        const reaction = own[index];
        return post && reaction && readerMaySee(reader, post) ? { reaction, postAuthorId: post.authorId } : null;
      });
    }),
    userCardsOf.run(readModels, [userId]),
  ]);
  return given.map(({ reaction, postAuthorId }) => documentOf(reaction, cards.get(userId), postAuthorId));
});
