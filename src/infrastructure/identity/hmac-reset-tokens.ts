import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ResetTokens } from '@application/identity/ports';

/** `<tokenId>.<HMAC-SHA256(key, tokenId)>`: the link carries the secret, the event store only the token id. */
export class HmacResetTokens implements ResetTokens {
  constructor(private readonly key: string) {}

  tokenFor(tokenId: string): string {
    return `${tokenId}.${this.signature(tokenId)}`;
  }

  tokenIdOf(token: string): string | null {
    const [tokenId, signature, extra] = token.split('.');
    if (!tokenId || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.signature(tokenId));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? tokenId : null;
  }

  private signature(tokenId: string): string {
    return createHmac('sha256', this.key).update(`password-reset:${tokenId}`).digest('base64url');
  }
}
