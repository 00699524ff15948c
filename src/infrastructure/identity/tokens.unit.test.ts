import { HmacResetTokens } from './hmac-reset-tokens';
import { JwtSessionTokens } from './jwt-session-tokens';

describe('session tokens', () => {
  const tokens = new JwtSessionTokens('a-secret-of-at-least-thirty-two-characters');
  const claims = { userId: 'u1', sessionId: 's1', issuedAt: new Date(Date.now() - 1_000), expiresAt: new Date(Date.now() + 60_000) };

  it('gives back the claims of a genuine token', () =>
    expect(tokens.verify(tokens.issue(claims))).toEqual({ ...claims, expiresAt: new Date(Math.floor(claims.expiresAt.getTime() / 1000) * 1000) }));
  it('refuses an expired token', () => expect(tokens.verify(tokens.issue({ ...claims, expiresAt: new Date(Date.now() - 1_000) }))).toBeNull());
  it('refuses a token signed with another key', () =>
    expect(new JwtSessionTokens('another-secret-of-thirty-two-characters!').verify(tokens.issue(claims))).toBeNull());
  it('refuses garbage', () => expect(tokens.verify('not.a.token')).toBeNull());
});

describe('reset tokens', () => {
  const tokens = new HmacResetTokens('a-secret-of-at-least-thirty-two-characters');

  it('gives back the token id of a genuine token', () => expect(tokens.tokenIdOf(tokens.tokenFor('t-123'))).toBe('t-123'));
  it('refuses a forged signature, another id or extra parts', () => {
    const [, signature] = tokens.tokenFor('t-123').split('.');
    expect(tokens.tokenIdOf(`t-124.${signature}`)).toBeNull();
    expect(tokens.tokenIdOf('t-123.AAAA')).toBeNull();
    expect(tokens.tokenIdOf(`${tokens.tokenFor('t-123')}.x`)).toBeNull();
    expect(tokens.tokenIdOf('')).toBeNull();
  });
});
