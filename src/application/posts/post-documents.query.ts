import type { Privacy } from '@domain/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import { engagementOf, type ReactionCounts } from './engagement.query';
import { POSTS_PROJECTION, postKeys } from './posts.projection';

/**
 * The contract's post document (`IPostDocument`), with the author's card as it is now and the counts from the events,
 * plus the media's full URLs for clients that do not build them. The author's e-mail is not in it: it is private.
 */
export type PostDocument = Readonly<{
  _id: string;
  userId: string;
  username: string;
  avatarColor: string;
  profilePicture: string;
  post: string;
  bgColor: string;
  feelings: string;
  privacy: Privacy;
  gifUrl: string;
  imgId: string;
  imgVersion: string;
  imageUrl: string;
  videoId: string;
  videoVersion: string;
  videoUrl: string;
  commentsCount: number;
  reactions: ReactionCounts;
  createdAt: string;
}>;

/** A live post as its read model keeps it: the fields the feeds filter on, and the rest. */
export type StoredPost = Readonly<Record<string, string> & { postId: string; authorId: string; privacy: Privacy }>;

export const isStoredPost = (stored: Record<string, string> | null): stored is StoredPost => stored !== null && Boolean(stored.postId && stored.authorId);

/** Stored posts, null for those that are gone, in one round trip. */
export const storedPostsOf = defineQuery([POSTS_PROJECTION], async (readModels, postIds: readonly string[]): Promise<Array<StoredPost | null>> => {
  const stored = await readModels.view(POSTS_PROJECTION).hashes(postIds.map(postKeys.post));
  return stored.map((post) => (isStoredPost(post) ? post : null));
});

/** Documents of stored posts, in their order: the authors' cards and the counts in two more round trips. */
export const postDocumentsOf = defineQuery(
  readsOf(POSTS_PROJECTION, engagementOf),
  async (readModels, posts: readonly StoredPost[]): Promise<PostDocument[]> => {
    if (posts.length === 0) return [];
    const authorIds = [...new Set(posts.map((post) => post.authorId))];
    const [cards, engagement] = await Promise.all([
      readModels.view(POSTS_PROJECTION).hashes(authorIds.map(postKeys.author)),
      engagementOf.run(
        readModels,
        posts.map((post) => post.postId),
      ),
    ]);
    const cardOf = new Map(authorIds.map((id, index) => [id, cards[index] ?? {}]));
    return posts.map((post, index) => {
      const card = cardOf.get(post.authorId) ?? {};
      return {
        _id: post.postId,
        userId: post.authorId,
        username: card.username ?? '',
        avatarColor: card.avatarColor ?? '',
        profilePicture: card.profilePicture ?? '',
        post: post.post ?? '',
        bgColor: post.bgColor ?? '',
        feelings: post.feelings ?? '',
        privacy: post.privacy,
        gifUrl: post.gifUrl ?? '',
        imgId: post.imgId ?? '',
        imgVersion: post.imgVersion ?? '',
        imageUrl: post.imageUrl ?? '',
        videoId: post.videoId ?? '',
        videoVersion: post.videoVersion ?? '',
        videoUrl: post.videoUrl ?? '',
        commentsCount: engagement[index]!.commentsCount,
        reactions: engagement[index]!.reactions,
        createdAt: post.createdAt ?? '',
      };
    });
  },
);
