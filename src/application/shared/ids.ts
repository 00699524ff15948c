export interface Ids {
  /** A new unique id (UUID v4 text). */
  newId(): string;
}
