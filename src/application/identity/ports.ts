export interface PasswordHasher {
  hash(plain: string): Promise<string>;
  /** Whether the password matches the hash, whatever format or costs made it. */
  verify(plain: string, hash: string): Promise<boolean>;
  /** True for a hash of an earlier format or of lower costs than `hash` uses now: sign-in replaces it. */
  needsRehash(hash: string): boolean;
}

export type SessionClaims = Readonly<{ userId: string; sessionId: string; issuedAt: Date; expiresAt: Date }>;

/** Signed, expiring session tokens (the cookie value, or a bearer token). */
export interface SessionTokens {
  issue(claims: SessionClaims): string;
  /** The claims of a genuine, unexpired token; null otherwise. */
  verify(token: string): SessionClaims | null;
}

/** Reset links: the secret is derived from the token id with a server key, so events never hold it. */
export interface ResetTokens {
  tokenFor(tokenId: string): string;
  /** The token id of a genuine token; null for anything forged or malformed. */
  tokenIdOf(token: string): string | null;
}
