import request from 'supertest';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { startTestSystem, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';

type User = TestUser;
type Pair = Readonly<{ userOne: string; userTwo: string }>;

const CHAT_USERS = 'add chat users';

describe('chat windows (contract 2.9 add-chat-users / remove-chat-users) over a real port', () => {
  let sut: TestSystem;
  const api = () => request(sut.baseUrl);
  const clients: RecordingClient[] = [];

  beforeAll(async () => {
    sut = await startTestSystem({ CLIENT_URL: 'http://localhost:3000' });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => sut.stop());

  const signUp = () => signUpUser(sut.baseUrl, 'c');
  /** As the client connects; resolves once the socket counts as online (its first online list comes after that). */
  const connectAs = async (user: User): Promise<RecordingClient> => {
    const client = await connectClient(sut.baseUrl, { extraHeaders: { Cookie: user.cookie, Origin: 'http://localhost:3000' } });
    clients.push(client);
    await client.waitFor('user online');
    return client;
  };
  const open = (caller: User, userTwo: string, userOne = caller.username) =>
    api().post('/api/v1/chat/message/add-chat-users').set(bearer(caller)).send({ userOne, userTwo });
  const close = (caller: User, userTwo: string, userOne = caller.username) =>
    api().post('/api/v1/chat/message/remove-chat-users').set(bearer(caller)).send({ userOne, userTwo });
  const pair = (viewer: User, other: User): Pair => ({ userOne: viewer.username, userTwo: other.username });
  /** The next list the socket gets, after the messages it had when the request started. */
  const nextList = async (client: RecordingClient, after: number): Promise<Pair[]> => (await client.waitFor(CHAT_USERS, () => true, { after }))[0] as Pair[];
  const sorted = (list: readonly Pair[]): Pair[] => [...list].sort((a, b) => `${a.userOne}>${a.userTwo}`.localeCompare(`${b.userOne}>${b.userTwo}`));
  const listArrives = (client: RecordingClient, expected: readonly Pair[], after = 0) =>
    client.waitFor(CHAT_USERS, (list) => JSON.stringify(sorted(list as Pair[])) === JSON.stringify(sorted(expected)), { after });
  const listsOf = (client: RecordingClient, after = 0): Pair[][] =>
    client.received
      .slice(after)
      .filter((message) => message.event === CHAT_USERS)
      .map((message) => message.args[0] as Pair[]);

  it('opens and closes a window, and tells both users with their own lists, in the usernames the client holds', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const [annSocket, bobSocket] = [await connectAs(ann), await connectAs(bob)];
    expect(ann.username).not.toBe(ann.username.toLowerCase()); // display-cased, as the client's profile.username

    let [annSeen, bobSeen] = [annSocket.received.length, bobSocket.received.length];
    // The client sends userOne as its profile spells it; any case names the caller.
    await open(ann, bob.username.toLowerCase(), ann.username.toLowerCase()).expect(200, { message: 'Users added' });
    expect(await nextList(annSocket, annSeen)).toEqual([pair(ann, bob)]);
    expect(await nextList(bobSocket, bobSeen)).toEqual([]); // bob has not opened ann's window: nothing of his to compare

    [annSeen, bobSeen] = [annSocket.received.length, bobSocket.received.length];
    await open(bob, ann.username).expect(200, { message: 'Users added' });
    // Both windows open: each sees both pairs, which is what the client checks before it marks a message read.
    expect(await nextList(bobSocket, bobSeen)).toEqual([pair(bob, ann), pair(ann, bob)]);
    expect(await nextList(annSocket, annSeen)).toEqual([pair(ann, bob), pair(bob, ann)]);

    [annSeen, bobSeen] = [annSocket.received.length, bobSocket.received.length];
    await close(ann, bob.username).expect(200, { message: 'Users removed' });
    expect(await nextList(annSocket, annSeen)).toEqual([]);
    expect(await nextList(bobSocket, bobSeen)).toEqual([pair(bob, ann)]);

    // Closing again changes nothing and still answers as the contract does.
    await close(ann, bob.username).expect(200, { message: 'Users removed' });
  });

  it("sends each user only the pairs they are part of, and nothing to anyone else's sockets", async () => {
    const [ann, bob, cat, dan] = [await signUp(), await signUp(), await signUp(), await signUp()];
    const [annSocket, bobSocket, catSocket, danSocket] = [await connectAs(ann), await connectAs(bob), await connectAs(cat), await connectAs(dan)];

    await open(ann, bob.username).expect(200);
    await open(bob, ann.username).expect(200);
    await open(ann, dan.username).expect(200);
    await open(dan, ann.username).expect(200);
    // Each socket's last list so far, different from its earlier ones: once it is in, so are they.
    await listArrives(annSocket, [pair(ann, bob), pair(ann, dan), pair(bob, ann), pair(dan, ann)]);
    await listArrives(bobSocket, [pair(bob, ann), pair(ann, bob)]);
    await listArrives(danSocket, [pair(dan, ann), pair(ann, dan)]);

    const [annSeen, bobSeen, danSeen] = [annSocket.received.length, bobSocket.received.length, danSocket.received.length];
    await close(bob, ann.username).expect(200);
    await listArrives(annSocket, [pair(ann, bob), pair(ann, dan), pair(dan, ann)], annSeen);
    expect(await nextList(bobSocket, bobSeen)).toEqual([]);

    // cat's own list comes after everything above from the same process: whatever had been sent to cat is in by then.
    const catSeen = catSocket.received.length;
    await open(cat, dan.username).expect(200);
    expect(await nextList(catSocket, catSeen)).toEqual([pair(cat, dan)]);
    expect(listsOf(catSocket)).toEqual([[pair(cat, dan)]]);
    // dan, concerned by cat's window, gets his list again, then one for his own close; none for bob's, which did not concern him.
    await close(dan, ann.username).expect(200);
    await listArrives(danSocket, [], danSeen);
    expect(listsOf(danSocket, danSeen)).toEqual([[pair(dan, ann), pair(ann, dan)], []]);

    const involving = (user: User) => (list: Pair[]) => list.every((p) => p.userOne === user.username || p.userTwo === user.username);
    for (const [user, socket] of [
      [ann, annSocket],
      [bob, bobSocket],
      [dan, danSocket],
    ] as const)
      expect(listsOf(socket).every(involving(user))).toBe(true);
  });

  it("ends a user's windows when one of their sockets disconnects, and tells the users whose windows they were", async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const [annTab, annOtherTab, bobSocket] = [await connectAs(ann), await connectAs(ann), await connectAs(bob)];
    await open(ann, bob.username).expect(200);
    await open(bob, ann.username).expect(200);
    const bothOpen = (list: unknown) => (list as Pair[]).length === 2;
    await Promise.all([bobSocket.waitFor(CHAT_USERS, bothOpen), annTab.waitFor(CHAT_USERS, bothOpen), annOtherTab.waitFor(CHAT_USERS, bothOpen)]);

    const [bobSeen, otherTabSeen] = [bobSocket.received.length, annOtherTab.received.length];
    annTab.close();
    expect(await nextList(bobSocket, bobSeen)).toEqual([pair(bob, ann)]);
    expect(await nextList(annOtherTab, otherTabSeen)).toEqual([]);
  });

  it('refuses users who block each other, either way, and still lets a window close', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await api().put(`/api/v1/user/block/${bob.userId}`).set(bearer(ann)).expect(200);

    expect((await open(ann, bob.username).expect(403)).body.message).toBe('This user is not available.');
    expect((await open(bob, ann.username).expect(403)).body.message).toBe('This user is not available.');
    await close(bob, ann.username).expect(200, { message: 'Users removed' });
  });

  it('lets only the signed-in user open their own windows, with an existing other user', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];

    const notCaller = await open(ann, cat.username, bob.username).expect(403);
    expect(notCaller.body.message).toBe('userOne must be your own username: you can only open and close your own chat windows');
    await close(ann, cat.username, bob.username).expect(403);
    expect((await open(ann, 'nobody42').expect(404)).body.message).toBe('User not found');
    expect((await open(ann, ann.username.toUpperCase()).expect(400)).body.message).toBe('userOne and userTwo must be two different users');
  });

  it('refuses bad bodies with a message, and callers who are not signed in', async () => {
    const ann = await signUp();
    const post = (body: unknown) =>
      api()
        .post('/api/v1/chat/message/add-chat-users')
        .set(bearer(ann))
        .send(body as object);

    expect((await post({ userOne: ann.username }).expect(400)).body.message).toBe('"userTwo" is required');
    expect((await post({ userOne: ann.username, userTwo: 42 }).expect(400)).body.message).toBe('"userTwo" must be a string');
    expect((await post({ userOne: '', userTwo: 'someone' }).expect(400)).body.message).toBe('"userOne" is not allowed to be empty');
    expect((await post({ userOne: ann.username, userTwo: 'x'.repeat(101) }).expect(400)).body.message).toBe(
      '"userTwo" length must be less than or equal to 100 characters long',
    );
    expect((await post({ userOne: ann.username, userTwo: 'someone', extra: true }).expect(400)).body.message).toBe('"extra" is not allowed');
    expect((await post([ann.username, 'someone']).expect(400)).body.status).toBe('error');

    await api().post('/api/v1/chat/message/add-chat-users').send({ userOne: ann.username, userTwo: 'someone' }).expect(401);
    await api().post('/api/v1/chat/message/remove-chat-users').send({ userOne: ann.username, userTwo: 'someone' }).expect(401);
  });
});
