import request from 'supertest';
import { emails, usernames } from '@domain/identity';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { startTestSystem, TINY_PNG, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser } from '@test/support/users';
import { uniqueName } from '@test/support/unique-name';

/** A session token's claims, read without checking (the test only compares session ids). */
const sessionIdOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid?: string; sessionId?: string }).sid ?? '';

describe('bad input and abuse: refused with a 4xx, before anything is appended', () => {
  let sut: TestSystem;
  const api = () => request(sut.baseUrl);
  const signUp = () => signUpUser(sut.baseUrl, 'h');
  const store = () => new MongoEventStore(sut.db, eventCatalog());
  const unusedName = () =>
    `n${uniqueName('')
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)}`;

  beforeAll(async () => {
    // Several client addresses, as a proxy would tell them.
    sut = await startTestSystem({ TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => sut.stop());

  describe('malformed URLs and numbers', () => {
    it('answers a broken percent-escape in a path parameter with 400, signed in or not', async () => {
      const user = await signUp();
      for (const path of ['/api/v1/user/follow/%ZZ', '/api/v1/user/profile/%E0%A4%A', '/api/v1/user/followers/%']) {
        const anonymous = await api()
          .put(path)
          .expect((response) => expect([400]).toContain(response.status));
        expect(anonymous.body).toEqual({ message: 'The URL is not valid: it holds a broken percent-escape.', status: 'error', statusCode: 400 });
        await api().get(path).set(bearer(user)).expect(400);
      }
    });

    it('reads page numbers strictly', async () => {
      const user = await signUp();
      for (const page of ['1e308', '-1', '1.5', 'abc', '01', '0x1', '1 ', '99999999']) {
        const response = await api()
          .get(`/api/v1/notifications?page=${encodeURIComponent(page)}`)
          .set(bearer(user))
          .expect(400);
        expect(response.body.message).toBe('page must be a positive integer');
      }
      await api().get('/api/v1/notifications?page=1&page=2').set(bearer(user)).expect(400);
      await api().get('/api/v1/notifications?page=2').set(bearer(user)).expect(200);
    });
  });

  describe('bodies', () => {
    it('parses JSON only on routes that take a body', async () => {
      await api().post('/api/v1/no-such-route').set('Content-Type', 'application/json').send('{"broken":').expect(404);
      await api()
        .put(`/api/v1/user/follow/${uniqueName('x')}`)
        .set('Content-Type', 'application/json')
        .send('{"broken":')
        .expect(401);
    });

    it('refuses a body nested deeper than any request of the contract, without parsing it', async () => {
      const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const response = await api().post('/api/v1/signin').set('Content-Type', 'application/json').send(`{"username":${nested}}`).expect(400);
      expect(response.body.message).toBe('Request body is nested deeper than 8 levels.');
      await api().post('/api/v1/signin').send({ username: 'nobodyx', password: '["[[[[[[[[[[[[[[[["' }).expect(400);
    });

    it('answers a profile change in another content type with 415, and changes nothing', async () => {
      const user = await signUp();
      const response = await api()
        .put('/api/v1/user/profile/basic-info')
        .set(bearer(user))
        .set('Content-Type', 'text/plain')
        .send('{"work":"Acme"}')
        .expect(415);
      expect(response.body).toEqual({ message: 'Content-Type must be application/json.', status: 'error', statusCode: 415 });
      await api().put('/api/v1/user/profile/settings').set(bearer(user)).type('form').send({ follows: 'false' }).expect(415);
      expect((await api().get('/api/v1/user/profile').set(bearer(user)).expect(200)).body.user).toMatchObject({ work: '', notifications: { follows: true } });
    });
  });

  describe('sign-up input', () => {
    const signUpWith = (overrides: Record<string, string>) => {
      const username = unusedName();
      return {
        username,
        email: `${username}@example.com`,
        send: () =>
          api()
            .post('/api/v1/signup')
            .set('X-Forwarded-For', '198.51.100.7')
            .send({ username, password: 'qwerty1', email: `${username}@example.com`, avatarColor: 'red', avatarImage: TINY_PNG, ...overrides }),
      };
    };
    const appendedFor = async (username: string, email: string) =>
      (await store().readStream(usernames.streamId(username))).version + (await store().readStream(emails.streamId(email))).version;

    it.each([
      ['a zero-width space', 'ab\u200Bcd'],
      ['a right-to-left override', 'ab\u202Ecd'],
      ['a control character', 'ab\u0007cd'],
      ['a blank name', '    '],
      ['markup', '<b>ab'],
      ['punctuation only', '....'],
    ])('refuses a username with %s', async (_what, username) => {
      const response = await signUpWith({ username }).send().expect(400);
      expect(response.body.message).toMatch(/Invalid username|Username is a required field/);
      expect((await store().readStream(usernames.streamId(username))).version).toBe(0);
    });

    it('refuses an avatar colour that is not a CSS colour', async () => {
      for (const avatarColor of ['url(https://evil.example/x.png)', 'red;background:url(x)', 'nocolour']) {
        const attempt = signUpWith({ avatarColor });
        expect((await attempt.send().expect(400)).body.message).toBe('Avatar color is invalid');
        expect(await appendedFor(attempt.username, attempt.email)).toBe(0);
      }
      await signUpWith({ avatarColor: '#3f51b5' }).send().expect(201);
    });

    it('leaves no event behind when the avatar is refused', async () => {
      const attempt = signUpWith({ avatarImage: 'data:text/html;base64,PHNjcmlwdD4=' });
      expect((await attempt.send().expect(400)).body.message).toBe('File upload: Error occurred. Try again.');
      expect(await appendedFor(attempt.username, attempt.email)).toBe(0);
    });

    it('leaves no event behind when the avatar only claims to be an image, or the e-mail is taken', async () => {
      const fake = signUpWith({ avatarImage: `data:image/png;base64,${Buffer.from('<svg onload=alert(1)>').toString('base64')}` });
      expect((await fake.send().expect(400)).body.message).toBe('File upload: Error occurred. Try again.');
      expect(await appendedFor(fake.username, fake.email)).toBe(0);

      const owner = await signUp();
      const taken = signUpWith({ email: owner.email });
      expect((await taken.send().expect(400)).body.message).toBe('Invalid credentials');
      expect((await store().readStream(usernames.streamId(taken.username))).version).toBe(0);
    });

    it('starts no second session when a sign-up is retried with the same Idempotency-Key', async () => {
      const attempt = signUpWith({});
      const key = uniqueName('idem');
      const first = await attempt.send().set('Idempotency-Key', key).expect(201);
      const retry = await attempt.send().set('Idempotency-Key', key).expect(201);
      expect(sessionIdOf(retry.body.token)).toBe(sessionIdOf(first.body.token));
      expect(sessionIdOf(first.body.token)).not.toBe('');
    });
  });

  describe('sign-in, reset and password abuse', () => {
    const signIn = (username: string, password: string, address: string) =>
      api().post('/api/v1/signin').set('X-Forwarded-For', address).send({ username, password });

    it('limits one address trying many usernames', async () => {
      const address = '192.0.2.10';
      for (let attempt = 0; attempt < 50; attempt++) await signIn(`nobody${attempt}`, 'wrong12', address).expect(400);
      const user = await signUp();
      await signIn(user.username, user.password, address).expect(429);
      await signIn(user.username, user.password, '192.0.2.11').expect(200);
    });

    it('limits many addresses trying one account', async () => {
      const user = await signUp();
      for (let attempt = 0; attempt < 20; attempt++) await signIn(user.username, 'wrong12', `198.18.0.${attempt}`).expect(400);
      await signIn(user.username, user.password, '198.18.1.1').expect(429);
    });

    it('takes as long for an unknown username as for a wrong password', async () => {
      const user = await signUp();
      const timed = async (username: string, address: string) => {
        const started = process.hrtime.bigint();
        await signIn(username, 'wrong12', address).expect(400);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++) {
        wrong.push(await timed(user.username, `198.19.0.${attempt}`));
        unknown.push(await timed(`ghost${attempt}`, `198.19.1.${attempt}`));
      }
      expect(median(unknown)).toBeGreaterThan(median(wrong) / 2);
    });

    it('limits reset e-mails per account, whatever the address', async () => {
      const user = await signUp();
      for (let attempt = 0; attempt < 3; attempt++) {
        await api().post('/api/v1/forgot-password').set('X-Forwarded-For', `203.0.113.${attempt}`).send({ email: user.email }).expect(200);
      }
      await api().post('/api/v1/forgot-password').set('X-Forwarded-For', '203.0.113.99').send({ email: user.email }).expect(429);
    });

    it('limits password changes like sign-ins', async () => {
      const user = await signUp();
      const change = () =>
        api()
          .put('/api/v1/user/profile/change-password')
          .set(bearer(user))
          .send({ currentPassword: 'wrong12', newPassword: 'newpass1', confirmPassword: 'newpass1' });
      for (let attempt = 0; attempt < 10; attempt++) await change().expect(400);
      await change().expect(429);
    });
  });
});
