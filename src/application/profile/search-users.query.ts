import { hiddenFrom } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';
import type { UserCard } from './user-document';
import { matchingUserIds, SEARCH_RESULTS_LIMIT } from './username-search';
import { USERS_PROJECTION, userKeys } from './users.projection';

export type UserSearchResult = Readonly<{ _id: string; username: string; email: string; avatarColor: string; profilePicture: string }>;

const SCAN_CHUNK = 1_000;
/** A bound on the work of one search: past it, the results are those found so far (an index would be needed beyond). */
const MAX_SCANNED = 50_000;

/**
 * Users whose name contains the query, whatever its case, alphabetically, at most 20; users who block the viewer or
 * whom the viewer blocks are left out. A "contains" match has no index to use, so the names are scanned in chunks,
 * stopping as soon as enough are found.
 */
export const searchUsers = defineQuery(
  readsOf(USERS_PROJECTION, hiddenFrom),
  async (readModels, viewerId: string, query: string): Promise<UserSearchResult[]> => {
    const view = readModels.view(USERS_PROJECTION);
    const hidden = await hiddenFrom.run(readModels, viewerId);
    const found: string[] = [];
    for (let start = 0; found.length < SEARCH_RESULTS_LIMIT && start < MAX_SCANNED; start += SCAN_CHUNK) {
      const members = await view.sortedRange(userKeys.usernames, start, start + SCAN_CHUNK - 1);
      found.push(...matchingUserIds(members, { query, hidden, limit: SEARCH_RESULTS_LIMIT - found.length }));
      if (members.length < SCAN_CHUNK) break;
    }
    const cards = await view.hashes(found.map(userKeys.user));
    return cards.flatMap((hash) => {
      if (!hash) return [];
      const card = hash as UserCard;
      // The contract keeps the key; another user's address is not the searcher's to see.
      return [{ _id: card.userId, username: card.username, email: '', avatarColor: card.avatarColor, profilePicture: card.profilePicture }];
    });
  },
);
