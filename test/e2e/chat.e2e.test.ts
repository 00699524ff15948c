import request from 'supertest';
import { conversationStreamId } from '@domain/chat';
import { conversationIdOf } from '@application/chat/conversation-id';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { eventually, startTestSystem, TINY_PNG, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';

type Message = Readonly<{
  _id: string;
  conversationId: string;
  senderId: string;
  receiverId: string;
  senderUsername: string;
  receiverUsername: string;
  body: string;
  isRead: boolean;
  selectedImage: string;
  gifUrl: string;
  reaction: Array<{ senderName: string; type: string }>;
  deleteForMe: boolean;
  deleteForEveryone: boolean;
  position: number;
}>;
type Entry = Message & Readonly<{ unreadCount: number }>;

describe('chat (contract 2.9) over a real port', () => {
  let sut: TestSystem;
  let ann: TestUser;
  let bob: TestUser;
  let cat: TestUser;
  let store: MongoEventStore;
  const clients: RecordingClient[] = [];
  const api = () => request(sut.baseUrl);

  beforeAll(async () => {
    sut = await startTestSystem();
    store = new MongoEventStore(sut.db, eventCatalog());
    [ann, bob, cat] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => sut.stop());

  const connect = async (user: TestUser): Promise<RecordingClient> => {
    const client = await connectClient(sut.baseUrl, { auth: { token: user.token } });
    clients.push(client);
    await client.waitFor('user online');
    return client;
  };
  const messageTo = (receiver: TestUser, fields: Record<string, unknown> = {}) => ({
    receiverId: receiver.userId,
    receiverUsername: receiver.username,
    // Not trusted: a message shows its users' cards as they are.
    receiverAvatarColor: 'blue',
    receiverProfilePicture: 'http://elsewhere.example/not-their-picture.png',
    body: 'hello',
    isRead: false,
    gifUrl: '',
    selectedImage: '',
    ...fields,
  });
  const send = (sender: TestUser, receiver: TestUser, fields: Record<string, unknown> = {}) =>
    api().post('/api/v1/chat/message').set(bearer(sender)).send(messageTo(receiver, fields));
  const history = async (viewer: TestUser, other: TestUser, query = ''): Promise<Message[]> =>
    (await api().get(`/api/v1/chat/message/user/${other.userId}${query}`).set(bearer(viewer)).expect(200)).body.messages as Message[];
  const conversations = async (viewer: TestUser): Promise<Entry[]> =>
    (await api().get('/api/v1/chat/message/conversation-list').set(bearer(viewer)).expect(200)).body.list as Entry[];
  const sendText = async (sender: TestUser, receiver: TestUser, body: string): Promise<Message> => {
    await send(sender, receiver, { body }).expect(200);
    const [last] = await history(sender, receiver, '?limit=1');
    if (!last || last.body !== body) throw new Error(`the message "${body}" is not the last of the conversation`);
    return last;
  };

  it('answers the conversation list of a user who never chatted with an empty list', async () => {
    const loner = await signUpUser(sut.baseUrl, 'ch');
    const response = await api().get('/api/v1/chat/message/conversation-list').set(bearer(loner)).expect(200);
    expect(response.body).toEqual({ message: 'User conversation list', list: [] });
  });

  it('delivers a message to both participants, as the contract documents it, and to no one else', async () => {
    const [annSocket, bobSocket, catSocket] = await Promise.all([connect(ann), connect(bob), connect(cat)]);
    const response = await send(ann, bob, { body: 'hi bob' }).expect(200);
    expect(response.body).toEqual({ message: 'Message added', conversationId: expect.any(String) });
    const { conversationId } = response.body as { conversationId: string };

    const received = (client: RecordingClient) => client.waitFor('message received', (data) => (data as Message).body === 'hi bob');
    const [[forAnn], [forBob]] = await Promise.all([received(annSocket), received(bobSocket)]);
    expect(forBob).toEqual(forAnn);
    expect(forBob).toMatchObject({
      conversationId,
      senderId: ann.userId,
      senderUsername: ann.username,
      receiverId: bob.userId,
      receiverUsername: bob.username,
      receiverAvatarColor: 'red',
      receiverProfilePicture: expect.stringContaining(`/media/avatars/${bob.userId}`),
      body: 'hi bob',
      isRead: false,
      reaction: [],
      deleteForMe: false,
      deleteForEveryone: false,
    });
    await Promise.all([annSocket, bobSocket].map((client) => client.waitFor('chat list', (data) => (data as Message).body === 'hi bob')));

    // Sent after ann's message: once cat has it, cat would already have had ann's.
    await send(bob, cat, { body: 'sentinel' }).expect(200);
    await catSocket.waitFor('message received', (data) => (data as Message).body === 'sentinel');
    await catSocket.waitFor('chat list', (data) => (data as Message).body === 'sentinel');
    expect(catSocket.received.filter(({ event }) => event.startsWith('message') || event === 'chat list').map(({ args }) => (args[0] as Message).body)).toEqual(
      ['sentinel', 'sentinel'],
    );
  });

  it('keeps one conversation per pair, whichever side writes, with positions in order', async () => {
    const [dan, eve] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
    const first = (await send(dan, eve, { body: 'one' }).expect(200)).body.conversationId as string;
    const second = (await send(eve, dan, { body: 'two', conversationId: first }).expect(200)).body.conversationId as string;
    expect(second).toBe(first);
    await eventually(async () => (await history(dan, eve)).length === 2);
    const messages = await history(eve, dan);
    expect(messages.map((message) => [message.body, message.position])).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
  });

  it('pages the history by position: the newest page first, then before or after a position', async () => {
    const [dan, eve] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
    for (let i = 1; i <= 7; i++) await send(i % 2 ? dan : eve, i % 2 ? eve : dan, { body: `m${i}` }).expect(200);
    await eventually(async () => (await history(dan, eve)).length === 7);
    const bodies = (messages: Message[]) => messages.map((message) => message.body);
    expect(bodies(await history(dan, eve, '?limit=3'))).toEqual(['m5', 'm6', 'm7']);
    expect(bodies(await history(dan, eve, '?limit=3&before=5'))).toEqual(['m2', 'm3', 'm4']);
    expect(bodies(await history(dan, eve, '?limit=3&before=2'))).toEqual(['m1']);
    expect(bodies(await history(eve, dan, '?after=4'))).toEqual(['m5', 'm6', 'm7']);
    expect(bodies(await history(eve, dan, '?after=7'))).toEqual([]);
    for (const query of ['?limit=0', '?limit=101', '?before=x', '?after=-1', '?before=2&after=1']) {
      const response = await api().get(`/api/v1/chat/message/user/${eve.userId}${query}`).set(bearer(dan)).expect(400);
      expect(response.body.message).toEqual(expect.any(String));
    }
  });

  it('lists conversations by their last message with unread counts; marking as read marks what the caller received only', async () => {
    const [dan, eve, fay] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
    await sendText(eve, dan, 'from eve 1');
    await sendText(eve, dan, 'from eve 2');
    await sendText(fay, dan, 'from fay');
    await sendText(dan, fay, 'to fay');
    await eventually(async () => (await conversations(dan)).length === 2);
    let list = await conversations(dan);
    expect(list.map((entry) => [entry.body, entry.unreadCount])).toEqual([
      ['to fay', 1],
      ['from eve 2', 2],
    ]);

    const danSocket = await connect(dan);
    const eveSocket = await connect(eve);
    const after = eveSocket.received.length;
    // The client names the reader as senderId (contract: `markMessagesAsRead(profile._id, receiverId)`).
    expect(
      (await api().put('/api/v1/chat/message/mark-as-read').set(bearer(dan)).send({ senderId: dan.userId, receiverId: eve.userId }).expect(200)).body,
    ).toEqual({ message: 'Message marked as read' });
    await eveSocket.waitFor('message read', (data) => (data as Message).body === 'from eve 2' && (data as Message).isRead, { after });
    await danSocket.waitFor('chat list', (data) => (data as Message).body === 'from eve 2' && (data as Message).isRead);
    list = await conversations(dan);
    expect(list.map((entry) => [entry.body, entry.unreadCount])).toEqual([
      ['to fay', 1],
      ['from eve 2', 0],
    ]);
    expect((await history(dan, eve)).every((message) => message.isRead)).toBe(true);

    // Eve marking the conversation read marks nothing of hers as read for dan, and fay's message to dan stays unread.
    await api().put('/api/v1/chat/message/mark-as-read').set(bearer(eve)).send({ senderId: eve.userId, receiverId: dan.userId }).expect(200);
    await sendText(eve, dan, 'from eve 3');
    await eventually(async () => (await conversations(dan))[0]?.body === 'from eve 3');
    expect((await conversations(dan)).map((entry) => [entry.body, entry.unreadCount, entry.isRead])).toEqual([
      ['from eve 3', 1, false],
      ['to fay', 1, false],
    ]);
    const third = await signUpUser(sut.baseUrl, 'ch');
    const forbidden = await api()
      .put('/api/v1/chat/message/mark-as-read')
      .set(bearer(third))
      .send({ senderId: dan.userId, receiverId: eve.userId })
      .expect(403);
    expect(forbidden.body.message).toBe('You are not part of this conversation.');
  });

  it('reads a message on arrival when its receiver has the conversation open, and not after they closed it', async () => {
    const [dan, eve] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
    await connect(eve);
    const openWindow = (path: string) =>
      api().post(`/api/v1/chat/message/${path}`).set(bearer(eve)).send({ userOne: eve.username, userTwo: dan.username }).expect(200);
    await openWindow('add-chat-users');
    const seen = await sendText(dan, eve, 'while open');
    expect(seen.isRead).toBe(true);
    await openWindow('remove-chat-users');
    const unseen = await sendText(dan, eve, 'after closing');
    expect(unseen.isRead).toBe(false);
    await eventually(async () => (await conversations(eve))[0]?.body === 'after closing');
    expect((await conversations(eve)).map((entry) => [entry.body, entry.unreadCount])).toEqual([['after closing', 1]]);
  });

  it('keeps one reaction per participant, and lets no one else react', async () => {
    const message = await sendText(ann, bob, 'react to me');
    const react = (user: TestUser, reaction: string, type: string, fields: Record<string, unknown> = {}) =>
      api()
        .put('/api/v1/chat/message/reaction')
        .set(bearer(user))
        .send({ conversationId: message.conversationId, messageId: message._id, reaction, type, ...fields });
    const annSocket = await connect(ann);
    expect((await react(bob, 'love', 'add').expect(200)).body).toEqual({ message: 'Message reaction added' });
    await react(bob, 'happy', 'add').expect(200);
    await react(ann, 'like', 'add').expect(200);
    const reactionsOf = async () => (await history(ann, bob)).find((found) => found._id === message._id)!.reaction;
    await eventually(async () => (await reactionsOf()).length === 2);
    expect(await reactionsOf()).toEqual([
      { senderName: ann.username, type: 'like' },
      { senderName: bob.username, type: 'happy' },
    ]);
    await annSocket.waitFor('message reaction', (data) => (data as Message).reaction.length === 2);
    await react(bob, 'happy', 'remove').expect(200);
    await eventually(async () => (await reactionsOf()).length === 1);

    expect((await react(cat, 'like', 'add').expect(403)).body.message).toBe('You are not part of this conversation.');
    expect((await react(bob, 'like', 'add', { messageId: '0'.repeat(24) }).expect(404)).body.message).toBe('Message not found');
    expect((await react(bob, 'like', 'add', { messageId: 'nope' }).expect(400)).body.message).toBe('"messageId" is not a valid id');
    expect((await react(bob, 'like', 'add', { conversationId: '0'.repeat(24) }).expect(404)).body.message).toBe('Message not found');
    expect((await react(bob, 'yay', 'add').expect(400)).body.message).toMatch(/reaction/);
    expect((await react(bob, 'like', 'toggle').expect(400)).body.message).toMatch(/type/);
  });

  it('deletes for the caller only, or for everyone by the sender only', async () => {
    const [dan, eve] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
    const first = await sendText(dan, eve, 'secret');
    const second = await sendText(dan, eve, 'oops');
    const remove = (user: TestUser, message: Message, type: string) =>
      api().delete(`/api/v1/chat/message/mark-as-deleted/${message._id}/${message.senderId}/${message.receiverId}/${type}`).set(bearer(user));
    const seen = async (viewer: TestUser, other: TestUser, message: Message) => (await history(viewer, other)).find((found) => found._id === message._id)!;

    const danSocket = await connect(dan);
    expect((await remove(eve, first, 'deleteForMe').expect(200)).body).toEqual({ message: 'Message marked as deleted' });
    await eventually(async () => (await seen(eve, dan, first)).deleteForMe);
    expect(await seen(eve, dan, first)).toMatchObject({ body: '', deleteForMe: true, deleteForEveryone: false });
    expect(await seen(dan, eve, first)).toMatchObject({ body: 'secret', deleteForMe: false });

    expect((await remove(eve, second, 'deleteForEveryone').expect(403)).body.message).toBe('Only the sender may delete a message for everyone.');
    expect((await remove(cat, second, 'deleteForMe').expect(403)).body.message).toBe('You are not part of this conversation.');
    expect((await remove(eve, second, 'forNobody').expect(400)).body.message).toBe('type must be one of deleteForMe, deleteForEveryone');
    await remove(dan, second, 'deleteForEveryone').expect(200);
    await danSocket.waitFor('message read', (data) => (data as Message)._id === second._id && (data as Message).deleteForEveryone);
    for (const [viewer, other] of [
      [dan, eve],
      [eve, dan],
    ] as const) {
      await eventually(async () => (await seen(viewer, other, second)).deleteForEveryone);
      expect(await seen(viewer, other, second)).toMatchObject({ body: '', deleteForMe: true, deleteForEveryone: true });
    }
    // A message of another conversation is not found through this one.
    const elsewhere = await sendText(ann, bob, 'elsewhere');
    await api().delete(`/api/v1/chat/message/mark-as-deleted/${elsewhere._id}/${dan.userId}/${eve.userId}/deleteForMe`).set(bearer(dan)).expect(404);
  });

  it('stores an image through the media storage, and removes it when the message is deleted for everyone', async () => {
    const response = await send(ann, bob, { body: '', selectedImage: TINY_PNG }).expect(200);
    const conversationId = response.body.conversationId as string;
    const [message] = await eventually(async () => {
      const messages = (await history(bob, ann, '?limit=1')).filter((found) => found.conversationId === conversationId && found.selectedImage);
      return messages.length > 0 ? messages : null;
    });
    const imagePath = new URL(message!.selectedImage).pathname;
    const image = await api().get(imagePath).expect(200);
    expect(image.headers['content-type']).toBe('image/png');

    await api().delete(`/api/v1/chat/message/mark-as-deleted/${message!._id}/${ann.userId}/${bob.userId}/deleteForEveryone`).set(bearer(ann)).expect(200);
    await eventually(async () => (await api().get(imagePath)).status === 404);

    const notAnImage = `data:image/png;base64,${Buffer.from('not an image at all').toString('base64')}`;
    expect((await send(ann, bob, { selectedImage: notAnImage }).expect(400)).body.message).toEqual(expect.any(String));
  });

  it('refuses bad input with a 400 and a message, before anything is appended', async () => {
    const dan = await signUpUser(sut.baseUrl, 'ch');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ receiverId: undefined }, /receiverId/],
      [{ receiverUsername: undefined }, /receiverUsername/],
      [{ unknown: 1 }, /"unknown" is not allowed/],
      [{ body: 5 }, /body/],
      [{ isRead: 'yes' }, /isRead/],
      [{ gifUrl: 'javascript:alert(1)' }, /gifUrl/],
      [{ body: 'x'.repeat(2_001) }, /body/],
      [{ body: '  ' }, /A message needs a body, a GIF or an image/],
      [{ receiverUsername: 'someone' }, /receiverUsername is not the username of the receiver/],
      [{ conversationId: 'another-conversation' }, /conversationId/],
    ];
    for (const [fields, message] of cases) {
      const response = await send(dan, ann, fields).expect(400);
      expect(response.body.message).toMatch(message);
    }
    expect((await send(dan, dan).expect(400)).body.message).toBe('You cannot send a message to yourself.');
    const ghost = { ...dan, userId: 'no-such-user' };
    expect((await send(dan, ghost).expect(404)).body.message).toBe('User not found');
    await api().post('/api/v1/chat/message').send(messageTo(ann)).expect(401);
    await api().get('/api/v1/chat/message/conversation-list').expect(401);
    await api().put('/api/v1/chat/message/mark-as-read').set(bearer(dan)).send({ senderId: dan.userId }).expect(400);
    expect((await store.readStream(conversationStreamId(conversationIdOf(dan.userId, ann.userId)))).version).toBe(0);
  });

  it('refuses messages between users who block each other, either way', async () => {
    const [dan, eve] = await Promise.all([signUpUser(sut.baseUrl, 'ch'), signUpUser(sut.baseUrl, 'ch')]);
    await api().put(`/api/v1/user/block/${eve.userId}`).set(bearer(dan)).expect(200);
    expect((await send(eve, dan).expect(403)).body.message).toBe('This user is not available.');
    expect((await send(dan, eve).expect(403)).body.message).toBe('This user is not available.');
    expect((await store.readStream(conversationStreamId(conversationIdOf(dan.userId, eve.userId)))).version).toBe(0);
  });
});
