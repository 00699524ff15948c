/** MongoDB's (and FerretDB's) duplicate-key error: an insert lost against a document with the same unique key. */
export const isDuplicateKey = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
