import { followingIds, hiddenFrom } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';
import type { PublicUserDocument } from './user-document';
import { publicUserDocumentsOf } from './user-documents.query';
import { pickSuggestions, randomRanks, type Random } from './suggestion-sampling';
import { USERS_PROJECTION, userKeys } from './users.projection';

export const SUGGESTIONS_LIMIT = 10;
const READ_ALL_UP_TO = 200;
const PROBES_PER_ROUND = 3 * SUGGESTIONS_LIMIT;
const ROUNDS = 3;

/**
 * Up to 10 random users the viewer does not follow, neither blocking nor blocked by the viewer, never the viewer.
 * A small community is read whole; a large one is sampled at random ranks (read concurrently), a few rounds at most,
 * so the cost does not grow with the number of users.
 */
export const userSuggestions = defineQuery(
  readsOf(USERS_PROJECTION, followingIds, hiddenFrom, publicUserDocumentsOf),
  async (readModels, viewerId: string, random: Random = Math.random): Promise<PublicUserDocument[]> => {
    const view = readModels.view(USERS_PROJECTION);
    const [size, following, hidden] = await Promise.all([
      view.sortedSize(userKeys.byRegistration),
      followingIds.run(readModels, viewerId),
      hiddenFrom.run(readModels, viewerId),
    ]);
    const picking = { excluded: new Set([viewerId, ...following, ...hidden]), limit: SUGGESTIONS_LIMIT, random };
    if (size <= READ_ALL_UP_TO) {
      const everyone = await view.sortedRange(userKeys.byRegistration, 0, -1);
      return publicUserDocumentsOf.run(readModels, pickSuggestions(everyone, picking));
    }
    let chosen: string[] = [];
    for (let round = 0; round < ROUNDS && chosen.length < SUGGESTIONS_LIMIT; round++) {
      const ranks = randomRanks(size, PROBES_PER_ROUND, random);
      const sampled = (await Promise.all(ranks.map((rank) => view.sortedRange(userKeys.byRegistration, rank, rank)))).flat();
      chosen = pickSuggestions([...chosen, ...sampled], picking);
    }
    return publicUserDocumentsOf.run(readModels, chosen);
  },
);
