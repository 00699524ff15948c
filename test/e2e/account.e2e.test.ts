import request from 'supertest';
import { accountDecider, accountStreamId, usernames } from '@domain/identity';
import { handleCommand } from '@application/shared/handle-command';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { BcryptPasswordHasher } from '@infrastructure/identity/bcrypt-password-hasher';
import { JwtSessionTokens } from '@infrastructure/identity/jwt-session-tokens';
import { eventually, startTestSystemWithMail, TINY_PNG, type TestSystemWithMail } from '@test/support/test-system';
import { uniqueName } from '@test/support/unique-name';

describe('the account slice (contract 2.1) over a real port', () => {
  let sut: TestSystemWithMail;
  const api = () => request(sut.baseUrl);

  beforeAll(async () => {
    sut = await startTestSystemWithMail({ CLIENT_URL: 'http://localhost:3000' });
  });
  afterAll(() => sut.stop());

  const newUser = () => {
    const name = uniqueName('u')
      .replace(/[^a-z0-9]/gi, '')
      .slice(-7);
    return { username: `u${name}`, password: 'qwerty1', email: `${name}@example.com`, avatarColor: '#ff0000', avatarImage: TINY_PNG };
  };
  const signUp = (body: ReturnType<typeof newUser>, headers: Record<string, string> = {}) => api().post('/api/v1/signup').set(headers).send(body);
  const cookieOf = (response: request.Response) => String(response.headers['set-cookie']).split(';')[0]!;
  const mailsTo = (email: string) => sut.smtp.received.filter((mail) => mail.to && JSON.stringify(mail.to).includes(email));

  describe('sign-up', () => {
    it('creates the user, sets an http-only session cookie and never returns the password', async () => {
      const user = newUser();
      const response = await signUp(user).expect(201);
      expect(response.body).toMatchObject({ message: 'User created successfully', token: expect.any(String) });
      expect(response.body.user).toMatchObject({
        username: user.username.charAt(0).toUpperCase() + user.username.slice(1),
        email: user.email,
        avatarColor: '#ff0000',
        followersCount: 0,
        blocked: [],
      });
      expect(response.body.user).not.toHaveProperty('password');
      expect(JSON.stringify(response.body)).not.toContain(user.password);
      expect(String(response.headers['set-cookie'])).toMatch(/^session=.+HttpOnly/i);
    });

    it('answers /currentuser right after, with the cookie or a bearer token (read-your-writes)', async () => {
      const response = await signUp(newUser()).expect(201);
      const byCookie = await api().get('/api/v1/currentuser').set('Cookie', cookieOf(response)).expect(200);
      expect(byCookie.body).toMatchObject({ isUser: true, user: { _id: response.body.user._id, uId: response.body.user.uId } });
      await api().get('/api/v1/currentuser').set('Authorization', `Bearer ${response.body.token}`).expect(200);
    });

    it('stores the avatar and serves it over HTTP', async () => {
      const response = await signUp(newUser()).expect(201);
      const picture = new URL(response.body.user.profilePicture);
      const image = await api().get(picture.pathname).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
    });

    it.each([
      [{ username: undefined }, 'Username is a required field'],
      [{ username: 'abc' }, 'Invalid username'],
      [{ username: 'waytoolongname' }, 'Invalid username'],
      [{ username: 42 }, 'Username must be of type string'],
      [{ email: 'not-an-email' }, 'Email must be valid'],
      [{ email: `${'a'.repeat(250)}@example.com` }, 'Email must be valid'],
      [{ avatarColor: `#${'f'.repeat(100)}` }, 'Avatar color is invalid'],
      [{ avatarImage: 'https://example.com/a.png' }, 'File upload: Error occurred. Try again.'],
      [{ password: '' }, 'Password is a required field'],
      [{ avatarColor: undefined }, 'Avatar color is required'],
      [{ avatarImage: undefined }, 'Avatar image is required'],
      [{ isAdmin: true }, '"isAdmin" is not allowed'],
      [{ avatarImage: 'data:text/html;base64,PGgxPg==' }, 'File upload: Error occurred. Try again.'],
    ])('refuses %j with a 400 and its message, and creates nothing', async (change, message) => {
      const user = { ...newUser(), ...change };
      const response = await api().post('/api/v1/signup').send(user).expect(400);
      expect(response.body).toEqual({ message, status: 'error', statusCode: 400 });
      if (typeof user.username === 'string')
        await api()
          .post('/api/v1/signin')
          .send({ username: user.username, password: user.password || 'qwerty1' })
          .expect(400);
    });

    it('refuses a username or an e-mail already taken, whatever its case', async () => {
      const user = newUser();
      await signUp(user).expect(201);
      const sameName = await signUp({ ...newUser(), username: user.username.toUpperCase() }).expect(400);
      expect(sameName.body.message).toBe('Invalid credentials');
      await signUp({ ...newUser(), email: user.email.toUpperCase() }).expect(400);
    });

    it('reclaims a username whose sign-up died before registering the account, but not a recent one', async () => {
      const store = new MongoEventStore(sut.db, eventCatalog());
      const reserveAt = async (username: string, minutesAgo: number) => {
        const metadata = {
          commandId: uniqueName('crashed'),
          now: new Date(Date.now() - minutesAgo * 60_000),
          actorId: null,
          correlationId: 'c',
          causationId: null,
        };
        await handleCommand(store, usernames.decider, usernames.streamId(username), {
          type: 'Reserve',
          data: { value: username, userId: uniqueName('ghost') },
          metadata,
        });
      };
      const [abandoned, recent] = [newUser(), newUser()];
      await reserveAt(abandoned.username, 11);
      await reserveAt(recent.username, 1);
      await signUp(abandoned).expect(201);
      expect((await signUp(recent).expect(400)).body.message).toBe('Invalid credentials');
    });

    it('lets exactly one of several concurrent sign-ups with the same username succeed', async () => {
      const user = newUser();
      const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => signUp({ ...user, email: `c${i}${user.email}` })));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 400)).toHaveLength(5);
    });

    it('returns the first result for a retried request with the same Idempotency-Key', async () => {
      const user = newUser();
      const key = uniqueName('idem');
      const first = await signUp(user, { 'Idempotency-Key': key }).expect(201);
      const retry = await signUp(user, { 'Idempotency-Key': key }).expect(201);
      expect(retry.body.user._id).toBe(first.body.user._id);
      await signUp({ ...user, username: `${user.username.slice(0, 6)}x` }, { 'Idempotency-Key': uniqueName('other') }).expect(400);
    });
  });

  describe('sign-in and sign-out', () => {
    it('signs in right after sign-up, with any case of the username', async () => {
      const user = newUser();
      await signUp(user).expect(201);
      const response = await api().post('/api/v1/signin').send({ username: user.username.toUpperCase(), password: user.password }).expect(200);
      expect(response.body).toMatchObject({ message: 'User login successfully', user: { email: user.email }, token: expect.any(String) });
      expect(response.body.user).not.toHaveProperty('password');
    });

    it('answers a wrong password and an unknown user alike', async () => {
      const user = newUser();
      await signUp(user).expect(201);
      const wrong = await api().post('/api/v1/signin').send({ username: user.username, password: 'nottheone' }).expect(400);
      const unknown = await api().post('/api/v1/signin').send({ username: 'nobodyx', password: 'qwerty1' }).expect(400);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.message).toBe('Invalid credentials');
    });

    it('accepts a bcrypt hash of the earlier format once, replacing it with argon2id at that sign-in without ending a session', async () => {
      const user = newUser();
      const signedUp = await signUp(user).expect(201);
      const userId: string = signedUp.body.user._id;
      const store = new MongoEventStore(sut.db, eventCatalog());
      const metadata = { commandId: uniqueName('earlier'), now: new Date(), actorId: userId, correlationId: 'c', causationId: null };
      // The hash as the earlier format stored it; the sign-up's session is kept, to show that the rehash ends none.
      const earlierHash = await new BcryptPasswordHasher(4).hash(user.password);
      const signUpSession = new JwtSessionTokens(sut.config.jwtSecret).verify(signedUp.body.token);
      await handleCommand(store, accountDecider, accountStreamId(userId), {
        type: 'ChangePassword',
        data: { userId, passwordHash: earlierHash, keptSessionId: signUpSession?.sessionId ?? null, reason: 'change' },
        metadata,
      });
      const rehashesOf = async () => (await store.readStream(accountStreamId(userId))).events.filter((event) => event.type === 'PasswordRehashed');

      await api().post('/api/v1/signin').send({ username: user.username, password: 'nottheone' }).expect(400);
      expect(await rehashesOf()).toHaveLength(0);

      const first = await api().post('/api/v1/signin').send({ username: user.username, password: user.password }).expect(200);
      const [rehashed, ...more] = await rehashesOf();
      expect(more).toHaveLength(0);
      expect(rehashed?.data).toMatchObject({ userId, passwordHash: expect.stringMatching(/^\$argon2id\$v=19\$m=1024,.*t=1/) });

      const second = await api().post('/api/v1/signin').send({ username: user.username, password: user.password }).expect(200);
      expect(await rehashesOf()).toHaveLength(1);
      for (const session of [signedUp, first, second]) await api().get('/api/v1/currentuser').set('Authorization', `Bearer ${session.body.token}`).expect(200);
    });

    it('limits password guessing: the eleventh attempt on one username in five minutes is refused, whatever X-Forwarded-For claims', async () => {
      const user = newUser();
      await signUp(user).expect(201);
      for (let attempt = 1; attempt <= 10; attempt++) {
        await api().post('/api/v1/signin').set('X-Forwarded-For', `203.0.113.${attempt}`).send({ username: user.username, password: 'wrong12' }).expect(400);
      }
      const limited = await api().post('/api/v1/signin').send({ username: user.username, password: user.password }).expect(429);
      expect(limited.body).toEqual({ message: 'Too many attempts. Try again later.', status: 'error', statusCode: 429 });
      const other = newUser();
      await signUp(other).expect(201);
      await api().post('/api/v1/signin').send({ username: other.username, password: other.password }).expect(200);
    });

    it('ends the session on sign-out: the token stops working and the cookie is cleared', async () => {
      const response = await signUp(newUser()).expect(201);
      const signedOut = await api().get('/api/v1/signout').set('Cookie', cookieOf(response)).expect(200);
      expect(signedOut.body).toEqual({ message: 'Logout successful', user: {}, token: '' });
      expect(String(signedOut.headers['set-cookie'])).toMatch(/session=;/);
      await eventually(async () => (await api().get('/api/v1/currentuser').set('Authorization', `Bearer ${response.body.token}`)).status === 401);
      const refused = await api().get('/api/v1/currentuser').set('Authorization', `Bearer ${response.body.token}`).expect(401);
      expect(refused.body.message).toBe('Token is invalid. Please login again.');
    });

    it('asks for a token on a protected route', async () => {
      const response = await api().get('/api/v1/currentuser').expect(401);
      expect(response.body).toEqual({ message: 'Token is not available. Please login again.', status: 'error', statusCode: 401 });
      await api().get('/api/v1/currentuser').set('Authorization', 'Bearer forged.token.value').expect(401);
    });
  });

  describe('forgotten and reset password', () => {
    const resetTokenIn = (html: string) => decodeURIComponent(/reset-password\?token=([^"&<\s]+)/.exec(html)?.[1] ?? '');

    it('mails a reset link; the token works once, ends the other sessions, and a confirmation is mailed', async () => {
      const user = newUser();
      const signedUp = await signUp(user).expect(201);
      await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200, { message: 'Password reset email sent.' });
      const [mail] = await eventually(async () => (mailsTo(user.email).length > 0 ? mailsTo(user.email) : null));
      expect(mail?.subject).toBe('Reset your password');
      const token = resetTokenIn(String(mail?.html));
      expect(mail?.html).toContain('http://localhost:3000/reset-password?token=');

      await api()
        .post(`/api/v1/reset-password/${token}`)
        .send({ password: 'newpass1', confirmPassword: 'newpass1' })
        .expect(200, { message: 'Password successfully updated.' });
      const again = await api().post(`/api/v1/reset-password/${token}`).send({ password: 'other12', confirmPassword: 'other12' }).expect(400);
      expect(again.body.message).toBe('Reset token has expired.');

      await api().post('/api/v1/signin').send({ username: user.username, password: user.password }).expect(400);
      await api().post('/api/v1/signin').send({ username: user.username, password: 'newpass1' }).expect(200);
      await eventually(async () => (await api().get('/api/v1/currentuser').set('Authorization', `Bearer ${signedUp.body.token}`)).status === 401);
      const confirmation = await eventually(async () => mailsTo(user.email).find((m) => m.subject === 'Password Reset Confirmation'));
      expect(confirmation.html).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
    });

    it('refuses an earlier link once the password was reset with another', async () => {
      const user = newUser();
      await signUp(user).expect(201);
      await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200);
      await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200);
      const links = await eventually(async () => {
        const tokens = mailsTo(user.email)
          .filter((m) => m.subject === 'Reset your password')
          .map((m) => resetTokenIn(String(m.html)));
        return tokens.length === 2 ? tokens : null;
      });
      await api().post(`/api/v1/reset-password/${links[1]}`).send({ password: 'newpass1', confirmPassword: 'newpass1' }).expect(200);
      const refused = await api().post(`/api/v1/reset-password/${links[0]}`).send({ password: 'other12', confirmPassword: 'other12' }).expect(400);
      expect(refused.body.message).toBe('Reset token has expired.');
      await api().post('/api/v1/signin').send({ username: user.username, password: 'newpass1' }).expect(200);
    });

    it('answers an unknown address like a known one, and sends nothing', async () => {
      await api().post('/api/v1/forgot-password').send({ email: 'nobody@example.com' }).expect(200, { message: 'Password reset email sent.' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(mailsTo('nobody@example.com')).toEqual([]);
    });

    it('refuses a forged token and mismatched passwords', async () => {
      const forged = await api().post('/api/v1/reset-password/abc.def').send({ password: 'newpass1', confirmPassword: 'newpass1' }).expect(400);
      expect(forged.body.message).toBe('Reset token has expired.');
      const mismatch = await api().post('/api/v1/reset-password/abc.def').send({ password: 'newpass1', confirmPassword: 'newpass2' }).expect(400);
      expect(mismatch.body.message).toBe('Passwords should match');
      const badEmail = await api().post('/api/v1/forgot-password').send({ email: 'nope' }).expect(400);
      expect(badEmail.body.message).toBe('Field must be valid');
    });
  });

  it('never stores, queues or logs a plain password', async () => {
    const user = { ...newUser(), password: 'S3cr3tPw' };
    await signUp(user).expect(201);
    await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200);
    await eventually(async () => mailsTo(user.email).length > 0);
    const redisDump: string[] = [];
    for (const key of await sut.redis.keys('*')) {
      const type = await sut.redis.type(key);
      if (type === 'string') redisDump.push(String(await sut.redis.get(key)));
      if (type === 'hash') redisDump.push(JSON.stringify(await sut.redis.hgetall(key)));
      if (type === 'list') redisDump.push(JSON.stringify(await sut.redis.lrange(key, 0, -1)));
    }
    expect(redisDump.join('\n')).not.toContain('S3cr3tPw');
    const collections = await sut.db.listCollections().toArray();
    for (const { name } of collections) expect(JSON.stringify(await sut.db.collection(name).find({}).toArray())).not.toContain('S3cr3tPw');
  });

  it('answers unknown routes with 404 and bad JSON with 400', async () => {
    const missing = await api().get('/api/v1/nothing-here').expect(404);
    expect(missing.body.message).toBe('/api/v1/nothing-here not found');
    await api().post('/api/v1/signin').set('Content-Type', 'application/json').send('{"username":').expect(400);
  });

  it('lets the client origin call with credentials (CORS)', async () => {
    const response = await api().options('/api/v1/signin').set('Origin', 'http://localhost:3000').set('Access-Control-Request-Method', 'POST').expect(204);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });
});
