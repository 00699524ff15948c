import type { Collection, Document, OptionalUnlessRequiredId, WriteError } from 'mongodb';
import { isDuplicateKey } from '../mongo/duplicate-key';

/** What became of one document of an unordered `insertMany`. */
export type InsertOutcome = Readonly<{ status: 'inserted' }> | Readonly<{ status: 'duplicate' }> | Readonly<{ status: 'failed'; error: unknown }>;

const INSERTED: InsertOutcome = { status: 'inserted' };
const DUPLICATE: InsertOutcome = { status: 'duplicate' };

/**
 * Inserts the documents in one command, each on its own (unordered: one document's duplicate key does not stop the
 * others), and tells what became of each. A failure of the whole command leaves every document's fate unknown.
 */
export const insertEach = async <T extends Document>(collection: Collection<T>, docs: ReadonlyArray<OptionalUnlessRequiredId<T>>): Promise<InsertOutcome[]> => {
  try {
    await collection.insertMany([...docs], { ordered: false });
    return docs.map(() => INSERTED);
  } catch (error) {
    const writeErrors = writeErrorsOf(error);
    if (writeErrors.length === 0) return docs.map(() => ({ status: 'failed', error }));
    const errorsByIndex = new Map(writeErrors.map((writeError) => [writeError.index, writeError]));
    return docs.map((_, index) => {
      const writeError = errorsByIndex.get(index);
      if (!writeError) return INSERTED;
      return isDuplicateKey(writeError) ? DUPLICATE : { status: 'failed', error: writeError };
    });
  }
};

/** The per-document errors of a bulk write error, known by their shape like `isDuplicateKey` (one or several). */
const writeErrorsOf = (error: unknown): WriteError[] => {
  const writeErrors = (error as { writeErrors?: WriteError | WriteError[] } | null)?.writeErrors;
  return writeErrors === undefined ? [] : [writeErrors].flat();
};
