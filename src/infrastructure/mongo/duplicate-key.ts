/** MongoDB's (and FerretDB's) duplicate-key error: an insert lost against a document with the same unique key. */
export const isDuplicateKey = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;

/**
 * Runs an upsert by `_id`. Two upserts of a missing document can both try to insert it; the loser gets a duplicate-key
 * error (FerretDB never retries it, MongoDB not always), and running it again updates the document the winner made.
 */
export const upsertById = async <T>(upsert: () => Promise<T>): Promise<T> => {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return upsert();
  }
};
