import { followCountsOf } from '@application/graph';
import { postsCountsOf } from '@application/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import { publicUserDocumentOf, type PublicUserDocument, type UserCard } from './user-document';
import { USERS_PROJECTION, userKeys } from './users.projection';

/** The contract's IFollowerData: a user as a card in follower, following and people lists. */
export type FollowerCard = Readonly<{
  _id: string;
  username: string;
  avatarColor: string;
  postCount: number;
  followersCount: number;
  followingCount: number;
  profilePicture: string;
  uId: string;
  userProfile: PublicUserDocument;
}>;

/** The stored cards of the users that exist, in the order asked. */
export const userCardsOf = defineQuery([USERS_PROJECTION], async (readModels, userIds: readonly string[]): Promise<UserCard[]> => {
  const cards = await readModels.view(USERS_PROJECTION).hashes(userIds.map(userKeys.user));
  return cards.filter((card): card is Record<string, string> => card !== null) as UserCard[];
});

export type UserCounts = Readonly<{ postsCount: number; followersCount: number; followingCount: number }>;

/** The counts shown on users' documents and cards: their live posts (from posts), followers and followings (from graph). */
export const userCountsOf = defineQuery(readsOf(followCountsOf, postsCountsOf), async (readModels, userIds: readonly string[]): Promise<UserCounts[]> => {
  const [follows, posts] = await Promise.all([followCountsOf.run(readModels, userIds), postsCountsOf.run(readModels, userIds)]);
  return userIds.map((_, index) => ({ postsCount: posts[index]!, ...follows[index]! }));
});

/**
 * Other users as any viewer may see them (`publicUserDocumentOf`: the old server handed everyone their e-mail address,
 * blocks and settings); a user's own come with their own document. One pipelined read for the cards, and the counts of
 * all users at once: no round trip per user.
 */
export const publicUserDocumentsOf = defineQuery(
  readsOf(USERS_PROJECTION, userCountsOf),
  async (readModels, userIds: readonly string[]): Promise<PublicUserDocument[]> => {
    const [cards, counts] = await Promise.all([readModels.view(USERS_PROJECTION).hashes(userIds.map(userKeys.user)), userCountsOf.run(readModels, userIds)]);
    return cards.flatMap((card, index) => (card ? [publicUserDocumentOf(card as UserCard, counts[index]!)] : []));
  },
);

export const followerCardOf = (user: PublicUserDocument): FollowerCard => ({
  _id: user._id,
  username: user.username,
  avatarColor: user.avatarColor,
  postCount: user.postsCount,
  followersCount: user.followersCount,
  followingCount: user.followingCount,
  profilePicture: user.profilePicture,
  uId: user.uId,
  userProfile: user,
});

/** Follower cards in the order of `userIds`; unknown users are left out. */
export const followerCardsOf = defineQuery(publicUserDocumentsOf.reads, async (readModels, userIds: readonly string[]): Promise<FollowerCard[]> =>
  (await publicUserDocumentsOf.run(readModels, userIds)).map(followerCardOf),
);
