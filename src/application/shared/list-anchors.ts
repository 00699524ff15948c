/**
 * Query-side memory of where a caller's paged list stands, for lists whose pages the client asks for by number only.
 * It is not a read model: losing it only makes the next page fall back to an estimate.
 */
export interface ListAnchors {
  get(ownerId: string, list: string): Promise<number | null>;
  set(ownerId: string, list: string, value: number, ttlMs: number): Promise<void>;
}
