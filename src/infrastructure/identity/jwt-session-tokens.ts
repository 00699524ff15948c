import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SessionClaims, SessionTokens } from '@application/identity/ports';

type Payload = { sub: string; sid: string; iat_ms: number; exp: number };

/**
 * HS256 JWTs that expire; `iat_ms` keeps the issue time to the millisecond, to compare with password changes. The
 * secret is made a key once: given as a string, the library would make one on every call (half a millisecond each).
 */
export class JwtSessionTokens implements SessionTokens {
  private readonly secret: KeyObject;

  constructor(secret: string) {
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(claims: SessionClaims): string {
    const payload: Payload = {
      sub: claims.userId,
      sid: claims.sessionId,
      iat_ms: claims.issuedAt.getTime(),
      exp: Math.floor(claims.expiresAt.getTime() / 1000),
    };
    return jwt.sign(payload, this.secret, { algorithm: 'HS256', noTimestamp: true });
  }

  verify(token: string): SessionClaims | null {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as Partial<Payload>;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.iat_ms !== 'number' || typeof payload.exp !== 'number')
        return null;
      return { userId: payload.sub, sessionId: payload.sid, issuedAt: new Date(payload.iat_ms), expiresAt: new Date(payload.exp * 1000) };
    } catch {
      return null;
    }
  }
}
