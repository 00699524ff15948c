import { readFile, stat } from 'node:fs/promises';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { secretsFile } from '@infrastructure/config/secrets';
import { HmacResetTokens } from '@infrastructure/identity/hmac-reset-tokens';
import { eventually, startTestSystemWithMail, type TestSystemWithMail } from '@test/support/test-system';
import { bearer, signUpUser } from '@test/support/users';

/** The key every install without JWT_SECRET used to sign with; it was in the source, so anybody could. */
const formerDevelopmentSecret = 'chatty-development-jwt-secret-do-not-use-in-production';

describe('the signing keys of a system started without JWT_SECRET', () => {
  let sut: TestSystemWithMail;
  const api = () => request(sut.baseUrl);

  beforeAll(async () => {
    sut = await startTestSystemWithMail();
  });
  afterAll(() => sut.stop());

  it('keeps keys of its own in the data folder, readable by the owner only', async () => {
    const file = secretsFile(sut.config.dataDir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ jwtSecret: sut.config.jwtSecret, resetSecret: sut.config.resetSecret });
    expect(sut.config.jwtSecret).not.toBe(formerDevelopmentSecret);
  });

  it('refuses a session token signed with the former development secret', async () => {
    const user = await signUpUser(sut.baseUrl, 's');
    await api().get('/api/v1/currentuser').set(bearer(user)).expect(200);
    // The same claims as the genuine token (a real user and a live session), signed as JwtSessionTokens signs.
    const { sub, sid, iat_ms, exp } = jwt.decode(user.token) as { sub: string; sid: string; iat_ms: number; exp: number };
    const forged = jwt.sign({ sub, sid, iat_ms, exp }, formerDevelopmentSecret, { algorithm: 'HS256', noTimestamp: true });
    await api().get('/api/v1/currentuser').set('Authorization', `Bearer ${forged}`).expect(401);
    await api().get('/api/v1/currentuser').set('Cookie', `session=${forged}`).expect(401);
  });

  it('does not take a reset link signed with the session key: reset links have a key of their own', async () => {
    const user = await signUpUser(sut.baseUrl, 'r');
    await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200);
    const mail = await eventually(async () => sut.smtp.received.find((m) => JSON.stringify(m.to).includes(user.email) && m.subject === 'Reset your password'));
    const genuine = decodeURIComponent(/reset-password\?token=([^"&<\s]+)/.exec(String(mail.html))?.[1] ?? '');
    const [tokenId] = genuine.split('.');
    const signedWithSessionKey = new HmacResetTokens(sut.config.jwtSecret).tokenFor(tokenId!);
    expect(signedWithSessionKey).not.toBe(genuine);

    const refused = await api()
      .post(`/api/v1/reset-password/${encodeURIComponent(signedWithSessionKey)}`)
      .send({ password: 'newpass1', confirmPassword: 'newpass1' })
      .expect(400);
    expect(refused.body.message).toBe('Reset token has expired.');
    await api()
      .post(`/api/v1/reset-password/${encodeURIComponent(genuine)}`)
      .send({ password: 'newpass1', confirmPassword: 'newpass1' })
      .expect(200);
  });
});
