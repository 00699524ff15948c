import type { Audience, Privacy } from '@domain/posts';
import type { ListAnchors } from '@application/shared/list-anchors';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { postDocumentsOf, storedPostsOf, type PostDocument, type StoredPost } from './post-documents.query';
import { POSTS_PROJECTION, postKeys, type Feed } from './posts.projection';
import { readerMaySee, readerOf, type Reader } from './reader.query';

/** Posts a page: the contract's page size. */
export const FEED_PAGE_SIZE = 10;
/** The profile page shows a user's newest posts, at most this many (the contract's read was unbounded). */
export const PROFILE_POSTS_LIMIT = 100;
const PROFILE_POSTS_SCANNED = 5 * PROFILE_POSTS_LIMIT;

const ANCHOR_TTL_MS = 60 * 60 * 1000;
const pageStart = (feed: Feed, page: number): string => `posts:${feed}:page:${page}`;

export type FeedPage = Readonly<{ posts: PostDocument[]; totalPosts: number }>;

const view = (readModels: ReadModels) => readModels.view(POSTS_PROJECTION);

/*
 * Feeds are sorted sets scored by the position of each post's creation, which never changes and is never reused: a
 * page ends at a score, and the next page starts below it. Page 1 starts at the newest post; each page remembers
 * (per reader, with a TTL) where the next one starts, so whoever posts, edits or deletes between two page reads, pages
 * neither overlap nor skip a post; after the last page, the following ones are empty. A page looks through at most
 * 250 posts for those the reader may see (it is short if it finds fewer). A page asked for out of order, or after its
 * start expired, starts where it would if the reader could see every post.
 */
export const getFeedPage = defineQuery(
  readsOf(POSTS_PROJECTION, readerOf, storedPostsOf, postDocumentsOf),
  async (readModels, { viewerId, feed, page, listAnchors }: { viewerId: string; feed: Feed; page: number; listAnchors: ListAnchors }): Promise<FeedPage> => {
    const reader = await readerOf.run(readModels, viewerId);
    const start =
      page === 1 ? Number.POSITIVE_INFINITY : ((await listAnchors.get(viewerId, pageStart(feed, page))) ?? (await estimatedStart(readModels, feed, page)));
    const { taken, next } = await walkDown(readModels, feed, start, reader);
    await listAnchors.set(viewerId, pageStart(feed, page + 1), next, ANCHOR_TTL_MS);
    const [posts, totalPosts] = await Promise.all([postDocumentsOf.run(readModels, taken), visibleTotal(readModels, reader)]);
    return { posts, totalPosts };
  },
);

/** The score page `page` would start at if the reader could see every post; past the end, below every score. */
const estimatedStart = async (readModels: ReadModels, feed: Feed, page: number): Promise<number> => {
  const rank = (page - 1) * FEED_PAGE_SIZE;
  const [entry] = await view(readModels).sortedRangeByScore(postKeys.feed(feed), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, {
    reverse: true,
    offset: rank,
    limit: 1,
  });
  return entry?.score ?? BELOW_EVERY_POST;
};

/** Scores are log positions, from 1: a page that starts here is empty, as are those after it. */
const BELOW_EVERY_POST = 0;

/** How far one page may look for posts the reader may see (it ends the window it is in): past it, the page is short and the next one goes on from there. */
const MAX_SCANNED = 25 * FEED_PAGE_SIZE;

/** Who may see a post, from its field in `audiences`; null for a post that is gone. */
const audienceOf = (value: string | null): Audience | null => {
  const [authorId, privacy] = value?.split(' ') ?? [];
  return authorId && privacy ? { authorId, privacy: privacy as Privacy } : null;
};

/**
 * Takes a page of posts the reader may see, from score `start` down; `next` is where the following page starts. Each
 * window is filtered with one read of who may see its posts, and only the posts taken are read whole.
 */
const walkDown = async (readModels: ReadModels, feed: Feed, start: number, reader: Reader): Promise<{ taken: StoredPost[]; next: number }> => {
  const takenIds: string[] = [];
  let next = start;
  let scanned = 0;
  while (takenIds.length < FEED_PAGE_SIZE && scanned < MAX_SCANNED) {
    const entries = await view(readModels).sortedRangeByScore(postKeys.feed(feed), Number.NEGATIVE_INFINITY, next, {
      reverse: true,
      limit: 2 * FEED_PAGE_SIZE,
    });
    if (entries.length === 0) {
      next = BELOW_EVERY_POST;
      break;
    }
    const audiences = await view(readModels).hashFields(
      postKeys.audiences,
      entries.map((entry) => entry.member),
    );
    for (const [index, entry] of entries.entries()) {
      next = entry.score - 1;
      scanned++;
      const audience = audienceOf(audiences[index] ?? null);
      if (audience && readerMaySee(reader, audience)) takenIds.push(entry.member);
      if (takenIds.length === FEED_PAGE_SIZE) break;
    }
  }
  // A post deleted, or narrowed, between the two reads is left out: the page is one shorter.
  const taken = (await storedPostsOf.run(readModels, takenIds)).filter((post): post is StoredPost => post !== null && readerMaySee(reader, post));
  return { taken, next };
};

/**
 * How many posts the reader may see, from counts rather than a scan: every public post, less those of hidden users,
 * plus the followers-only posts of the users they follow, plus their own posts that are not public.
 */
const visibleTotal = async (readModels: ReadModels, reader: Reader): Promise<number> => {
  const followed = [...reader.following].filter((id) => !reader.hidden.has(id));
  const hidden = [...reader.hidden];
  const keys = [
    postKeys.everyPublicPost,
    postKeys.audience(reader.viewerId, 'Followers'),
    postKeys.audience(reader.viewerId, 'Private'),
    ...followed.map((id) => postKeys.audience(id, 'Followers')),
    ...hidden.map((id) => postKeys.audience(id, 'Public')),
  ];
  const sizes = await view(readModels).setSizes(keys);
  const sum = (from: number, to: number) => sizes.slice(from, to).reduce((total, size) => total + size, 0);
  return Math.max(0, sum(0, 3 + followed.length) - sum(3 + followed.length, sizes.length));
};

/** A user's newest posts that the viewer may see (the profile page), looking at most through their newest 500. */
export const getProfilePosts = defineQuery(
  readsOf(POSTS_PROJECTION, readerOf, storedPostsOf, postDocumentsOf),
  async (readModels, viewerId: string, userId: string): Promise<PostDocument[]> => {
    const reader = await readerOf.run(readModels, viewerId);
    if (reader.hidden.has(userId)) return [];
    const visible: StoredPost[] = [];
    for (let from = 0; visible.length < PROFILE_POSTS_LIMIT && from < PROFILE_POSTS_SCANNED; from += PROFILE_POSTS_LIMIT) {
      const ids = await view(readModels).sortedRange(postKeys.postsOf(userId), from, from + PROFILE_POSTS_LIMIT - 1, { reverse: true });
      const posts = await storedPostsOf.run(readModels, ids);
      visible.push(...posts.filter((post): post is StoredPost => post !== null && readerMaySee(reader, post)));
      if (ids.length < PROFILE_POSTS_LIMIT) break;
    }
    return postDocumentsOf.run(readModels, visible.slice(0, PROFILE_POSTS_LIMIT));
  },
);

/** `postsCount` of several users: their live posts, whatever their privacy. */
export const postsCountsOf = defineQuery([POSTS_PROJECTION], (readModels, userIds: readonly string[]): Promise<number[]> =>
  view(readModels).sortedSizes(userIds.map(postKeys.postsOf)),
);
