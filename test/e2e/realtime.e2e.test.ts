import request from 'supertest';
import { io } from 'socket.io-client';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventually, startTestSystem, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';

type User = TestUser;

describe('Socket.IO on the whole system', () => {
  let sut: TestSystem;
  const clients: RecordingClient[] = [];
  const api = () => request(sut.baseUrl);
  const auth = bearer;

  beforeAll(async () => {
    sut = await startTestSystem({ CLIENT_URL: 'http://localhost:3000' });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => sut.stop());

  const signUp = () => signUpUser(sut.baseUrl, 'r');
  /** As the Chatty client connects: websocket only, from its origin, carrying the session cookie. */
  const connectAs = async (user: User): Promise<RecordingClient> => {
    const client = await connectClient(sut.baseUrl, { extraHeaders: { Cookie: user.cookie, Origin: 'http://localhost:3000' } });
    clients.push(client);
    return client;
  };

  it('accepts a socket authenticated with the session cookie, and one without credentials as anonymous', async () => {
    const user = await signUp();
    const client = await connectAs(user);
    expect(client.socket.connected).toBe(true);
    const anonymous = await connectClient(sut.baseUrl, { extraHeaders: { Origin: 'http://localhost:3000' } });
    const forged = await connectClient(sut.baseUrl, { auth: { token: 'forged' } });
    clients.push(anonymous, forged);
    expect(anonymous.socket.connected && forged.socket.connected).toBe(true);
  });

  it('makes no storm of handshakes on the login page, and authenticates the socket once its user signs in', async () => {
    // As the client: one socket opened before sign-in, `connect()` again after every refusal or server disconnect,
    // and on each new handshake the cookie the browser holds at that moment.
    const headers: Record<string, string> = { Origin: 'http://localhost:3000' };
    const socket = io(sut.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
    let handshakes = 0;
    socket.on('connect', () => handshakes++);
    socket.on('connect_error', () => socket.connect());
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') socket.connect();
    });
    const online: string[][] = [];
    socket.on('user online', (list: string[]) => online.push(list));
    try {
      await eventually(async () => socket.connected);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(handshakes).toBe(1);

      const user = await signUp();
      // The client reads its user after signing in; the online list names users once their card is in the read model.
      await eventually(async () => (await api().get('/api/v1/currentuser').set(auth(user)).expect(200)).body.isUser === true);
      headers.Cookie = user.cookie;
      socket.emit('setup', { userId: user.username });
      await eventually(async () => handshakes === 2 && socket.connected);
      await eventually(async () => online.some((list) => list.includes(user.username.toLowerCase())));
      const follower = await signUp();
      const notified = new Promise((resolve) => socket.once('insert notification', (_list: unknown, target: unknown) => resolve(target)));
      await api().put(`/api/v1/user/follow/${user.userId}`).set(auth(follower)).expect(200);
      expect(await notified).toMatchObject({ userTo: user.userId });
    } finally {
      socket.disconnect();
    }
  });

  it('leaves users who block each other out of each other’s online list, and no one else’s', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
    await api().put(`/api/v1/user/block/${bob.userId}`).set(auth(ann)).expect(200);
    await eventually(async () => (await api().get('/api/v1/user/profile').set(auth(bob)).expect(200)).body.user.blockedBy.includes(ann.userId));
    const online =
      (...users: User[]) =>
      (list: unknown) =>
        users.every((user) => (list as string[]).includes(user.username.toLowerCase()));
    const annSocket = await connectAs(ann);
    await annSocket.waitFor('user online', online(ann));
    const bobSocket = await connectAs(bob);
    await bobSocket.waitFor('user online', online(bob));
    const catSocket = await connectAs(cat);
    await catSocket.waitFor('user online', online(ann, bob, cat));
    const [annList] = await annSocket.waitFor('user online', online(ann, cat));
    const [bobList] = await bobSocket.waitFor('user online', online(bob, cat));
    expect(annList).not.toContain(bob.username.toLowerCase());
    expect(bobList).not.toContain(ann.username.toLowerCase());

    annSocket.socket.emit('setup', { userId: ann.userId });
    const [asked] = await annSocket.waitFor('user online', () => true, { after: annSocket.received.length });
    expect(asked).toEqual(expect.arrayContaining([ann.username.toLowerCase(), cat.username.toLowerCase()]));
    expect(asked).not.toContain(bob.username.toLowerCase());
  });

  it("sends a user's notifications to that user's sockets only, after the read model has them", async () => {
    const [ann, bob, eve] = [await signUp(), await signUp(), await signUp()];
    const [bobSocket, eveSocket] = [await connectAs(bob), await connectAs(eve)];
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);

    const [list, target] = (await bobSocket.waitFor('insert notification')) as [Array<{ _id: string; message: string }>, { userTo: string }];
    expect(target).toEqual({ userTo: bob.userId, globalPosition: expect.any(Number) });
    expect(list[0]?.message).toBe(`${ann.username} is now following you.`);
    const fetched = await api().get('/api/v1/notifications').set(auth(bob)).expect(200);
    expect(fetched.body.notifications.map((n: { _id: string }) => n._id)).toContain(list[0]?._id);

    await api().put(`/api/v1/notification/${list[0]?._id}`).set(auth(bob)).expect(200);
    expect(await bobSocket.waitFor('update notification')).toEqual([list[0]?._id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eveSocket.received.filter((m) => m.event.includes('notification'))).toEqual([]);
  });

  it('disconnects the sockets of a session that ended, and of every other session when the password changes', async () => {
    const user = await signUp();
    const signIn = async () => {
      const response = await api().post('/api/v1/signin').send({ username: user.username, password: user.password }).expect(200);
      return { ...user, token: response.body.token as string, cookie: String(response.headers['set-cookie']).split(';')[0]! };
    };
    const [first, second, third] = [user, await signIn(), await signIn()];
    const [firstSocket, secondSocket, thirdSocket] = [await connectAs(first), await connectAs(second), await connectAs(third)];
    const disconnected = (client: RecordingClient) => new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));

    const firstGone = disconnected(firstSocket);
    await api().get('/api/v1/signout').set('Cookie', first.cookie).expect(200);
    await firstGone;
    expect(secondSocket.socket.connected && thirdSocket.socket.connected).toBe(true);

    const thirdGone = disconnected(thirdSocket);
    await api()
      .put('/api/v1/user/profile/change-password')
      .set(auth(second))
      .send({ currentPassword: user.password, newPassword: 'newpass9', confirmPassword: 'newpass9' })
      .expect(200);
    await thirdGone;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondSocket.socket.connected).toBe(true);
  });

  it('emits nothing for old events while a projection is rebuilt', async () => {
    const [admin, ann, bob] = [await signUp(), await signUp(), await signUp()];
    const bobSocket = await connectAs(bob);
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
    await bobSocket.waitFor('insert notification');
    bobSocket.received.splice(0);
    const { execFile } = await import('node:child_process');
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/interfaces/cli/admin.ts', 'grant-admin', admin.username],
        { env: { ...process.env, MONGO_URL: sut.config.mongoUrl, MONGO_DB: sut.config.mongoDb, REDIS_URL: sut.config.redisUrl, DATA_DIR: sut.config.dataDir } },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    await eventually(async () => (await api().get('/admin/projections').set(auth(admin))).status === 200);
    const { body } = await api().post('/admin/projections/notifications.inbox/rebuild').set(auth(admin)).expect(202);
    await eventually(async () => {
      const status = await api().get('/admin/projections').set(auth(admin));
      return status.body.projections.find((p: { name: string }) => p.name === 'notifications.inbox').activeGeneration === body.generation;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bobSocket.received.filter((message) => message.event !== 'user online')).toEqual([]);
  });
});
