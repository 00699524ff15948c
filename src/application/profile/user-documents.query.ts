import { followCountsOf } from '@application/graph';
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

/**
 * Other users as any viewer may see them (`publicUserDocumentOf`: the old server handed everyone their e-mail address,
 * blocks and settings); a user's own come with their own document. One pipelined read for the cards, and the counts of
 * all users at once: no round trip per user.
 */
export const publicUserDocumentsOf = defineQuery(
  readsOf(USERS_PROJECTION, followCountsOf),
  async (readModels, userIds: readonly string[]): Promise<PublicUserDocument[]> => {
    const [cards, counts] = await Promise.all([readModels.view(USERS_PROJECTION).hashes(userIds.map(userKeys.user)), followCountsOf.run(readModels, userIds)]);
    return cards.flatMap((card, index) => (card ? [publicUserDocumentOf(card as UserCard, { postsCount: 0, ...counts[index]! })] : []));
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
