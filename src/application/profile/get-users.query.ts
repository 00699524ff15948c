import { followerIds, hiddenFrom } from '@application/graph';
import type { ListAnchors } from '@application/shared/list-anchors';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModelView } from '@application/shared/read-models';
import type { PublicUserDocument } from './user-document';
import { followerCardsOf, publicUserDocumentsOf, type FollowerCard } from './user-documents.query';
import { estimatedCursor, takeVisible, USERS_PAGE_SIZE, visibleTotal } from './users-page';
import { USERS_PROJECTION, userKeys } from './users.projection';

export type UsersPage = Readonly<{ users: PublicUserDocument[]; totalUsers: number; followers: FollowerCard[] }>;

const ANCHOR_TTL_MS = 60 * 60 * 1000;
const SIZE_AT_ANCHOR = 'users';
const pageStart = (page: number): string => `users:page:${page}`;

/*
 * The client asks for pages by number only, and new users arrive at the head of a newest-first list, so offsets from
 * the head would shift between two page reads. But users sit in a sorted set scored by the global position of their
 * registration and nobody leaves it, so a user's ascending rank never changes. Page 1 remembers (per caller, with a
 * TTL) how many users there were, and each page remembers the rank where the next one starts; a page walks down from
 * there and skips hidden users. So whoever registers, blocks or unblocks between two page reads, pages neither
 * overlap nor leave a gap. Without a remembered start (expired, or a page asked out of order) the start is estimated.
 */
export const getUsersPage = defineQuery(
  readsOf(USERS_PROJECTION, hiddenFrom, publicUserDocumentsOf, followerIds, followerCardsOf),
  async (readModels, { viewerId, page, listAnchors }: { viewerId: string; page: number; listAnchors: ListAnchors }): Promise<UsersPage> => {
    const view = readModels.view(USERS_PROJECTION);
    const hidden = await hiddenFrom.run(readModels, viewerId);
    hidden.add(viewerId);
    const anchor = await anchorOf(listAnchors, view, viewerId, page);
    const { taken, next } = await walkDown(view, anchor.start, hidden);
    // Past the end nothing is remembered, so asking for page 999999 stores nothing.
    if (taken.length > 0) await listAnchors.set(viewerId, pageStart(page + 1), next, ANCHOR_TTL_MS);
    const [users, followers] = await Promise.all([
      publicUserDocumentsOf.run(readModels, taken),
      followerIds.run(readModels, viewerId).then((ids) => followerCardsOf.run(readModels, ids)),
    ]);
    return { users, totalUsers: visibleTotal(anchor.size, hidden.size), followers };
  },
);

const anchorOf = async (listAnchors: ListAnchors, view: ReadModelView, viewerId: string, page: number): Promise<{ size: number; start: number }> => {
  if (page === 1) {
    const size = await view.sortedSize(userKeys.byRegistration);
    await listAnchors.set(viewerId, SIZE_AT_ANCHOR, size, ANCHOR_TTL_MS);
    return { size, start: size - 1 };
  }
  const [remembered, start] = await Promise.all([listAnchors.get(viewerId, SIZE_AT_ANCHOR), listAnchors.get(viewerId, pageStart(page))]);
  const size = remembered ?? (await view.sortedSize(userKeys.byRegistration));
  return { size, start: start ?? estimatedCursor(size, page) };
};

/** Takes a page of visible users from ascending rank `start` downwards; `next` is the rank the following page starts at. */
const walkDown = async (view: ReadModelView, start: number, hidden: ReadonlySet<string>): Promise<{ taken: string[]; next: number }> => {
  const taken: string[] = [];
  const chunk = USERS_PAGE_SIZE + Math.min(hidden.size, 4 * USERS_PAGE_SIZE);
  let next = start;
  while (taken.length < USERS_PAGE_SIZE && next >= 0) {
    const from = Math.max(0, next - chunk + 1);
    const ids = await view.sortedRange(userKeys.byRegistration, from, next);
    if (ids.length === 0) break;
    const slice = takeVisible(ids.reverse(), hidden, USERS_PAGE_SIZE - taken.length);
    taken.push(...slice.taken);
    // Counted from what came back: while a rebuild catches up, the set may hold fewer users than the anchor.
    next = from + ids.length - 1 - slice.consumed;
  }
  return { taken, next };
};
