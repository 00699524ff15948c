import { PostNotFound } from '@domain/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels, ReadModelView } from '@application/shared/read-models';
import { storedPostsOf, type StoredPost } from './post-documents.query';
import { POSTS_PROJECTION, postKeys } from './posts.projection';
import { readerMaySee, readerOf, type Reader } from './reader.query';

/** Comments and reactions are shown from a list's newest end, at most this many at a time (the contract's reads were unbounded). */
export const ENGAGEMENT_LIST_LIMIT = 100;

/** A list skips entries (users hidden by a block, posts the viewer may not see) for at most this many windows before it stops. */
const MAX_WINDOWS = 10;

/** A post with the reader it is shown to, or null when the reader may not see it (unknown, deleted, private, blocked). */
export const visiblePostFor = defineQuery(
  readsOf(readerOf, storedPostsOf),
  async (readModels, viewerId: string, postId: string): Promise<Readonly<{ reader: Reader; post: StoredPost }> | null> => {
    const [reader, [post]] = await Promise.all([readerOf.run(readModels, viewerId), storedPostsOf.run(readModels, [postId])]);
    return post && readerMaySee(reader, post) ? { reader, post } : null;
  },
);

/**
 * The post as the viewer may see it, for the routes about one post; a post they may not see is not found, as if it did
 * not exist. A query that uses it declares `visiblePostFor`'s reads.
 */
export const visiblePost = async (readModels: ReadModels, viewerId: string, postId: string): Promise<Readonly<{ reader: Reader; post: StoredPost }>> => {
  const visible = await visiblePostFor.run(readModels, viewerId, postId);
  if (!visible) throw new PostNotFound();
  return visible;
};

/** What a comment or a reaction shows of its user: their card as it is now (what posts show of their authors). */
export type UserCard = Readonly<{ username: string; avatarColor: string; profilePicture: string }>;

export const userCardsOf = defineQuery([POSTS_PROJECTION], async (readModels, userIds: readonly string[]): Promise<Map<string, UserCard>> => {
  const unique = [...new Set(userIds)];
  const cards = await readModels.view(POSTS_PROJECTION).hashes(unique.map(postKeys.author));
  return new Map(
    unique.map((userId, index) => {
      const card = cards[index] ?? {};
      return [userId, { username: card.username ?? '', avatarColor: card.avatarColor ?? '', profilePicture: card.profilePicture ?? '' }];
    }),
  );
});

/**
 * Up to `limit` items made by `load` from the members of a sorted set scored by global position, highest first;
 * `load` returns null for a member to skip. It reads windows below the last score it saw, so members added or
 * removed meanwhile neither repeat nor shift the walk.
 */
export const newestOf = async <T>(view: ReadModelView, key: string, limit: number, load: (members: string[]) => Promise<Array<T | null>>): Promise<T[]> => {
  const items: T[] = [];
  let below = Number.POSITIVE_INFINITY;
  for (let window = 0; window < MAX_WINDOWS && items.length < limit; window++) {
    const entries = await view.sortedRangeByScore(key, Number.NEGATIVE_INFINITY, below, { reverse: true, limit });
    if (entries.length === 0) break;
    for (const item of await load(entries.map((entry) => entry.member))) if (item !== null && items.length < limit) items.push(item);
    if (entries.length < limit) break;
    below = Math.min(...entries.map((entry) => entry.score)) - 1;
  }
  return items;
};
