import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { conversationDecider, conversationStreamId, type ChatEvent, type ChatImage } from '@domain/chat';
import { conversationIdOf } from '@application/chat/conversation-id';
import { emailJobIdOf, unreadEmail } from '@application/chat/unread-email.job';
import { unreadCheckOf } from '@application/chat/unread-email.policy';
import type { RecordedEvent } from '@application/shared/event-store';
import { sendEmail } from '@application/shared/email';
import { handleCommand } from '@application/shared/handle-command';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { chatEmailSlotKey } from '@infrastructure/chat/redis-chat-email-throttle';
import { connectBullMq } from '@infrastructure/jobs/bullmq-connection';
import { bullJobIdOf, queueNameOf } from '@infrastructure/jobs/job-routing';
import { eventually, startTestSystemWithMail, type TestSystemWithMail } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';
import { uniqueName } from '@test/support/unique-name';

type User = TestUser;
type ChatMessageSent = RecordedEvent<Extract<ChatEvent, { type: 'ChatMessageSent' }>>;

/** Long enough for a busy machine to append a mark-as-read right after a message; the window is ended by hand. */
const DELAY_MS = 2_000;
const WINDOW_MS = 600_000;

/*
 * Messages are appended as commands on the conversation stream, as the chat routes do once they have checked the
 * request: the e-mail depends only on what the stream, the accounts, the profiles and the blocks say when its check runs.
 */
describe('e-mail for a chat message left unread (contract 5) over a real SMTP server', () => {
  let sut: TestSystemWithMail;
  let store: MongoEventStore;
  let bullConnection: Redis;
  let chatQueue: Queue;
  let emailQueue: Queue;
  const api = () => request(sut.baseUrl);

  beforeAll(async () => {
    sut = await startTestSystemWithMail({ CHAT_UNREAD_EMAIL_DELAY_MS: String(DELAY_MS), CHAT_EMAIL_WINDOW_MS: String(WINDOW_MS) });
    store = new MongoEventStore(sut.db, eventCatalog());
    bullConnection = connectBullMq(sut.redisServer.url);
    chatQueue = new Queue(queueNameOf(unreadEmail), { connection: bullConnection });
    emailQueue = new Queue(queueNameOf(sendEmail), { connection: bullConnection });
    // A policy seen for the first time starts at the head of the log: messages appended before it has are not its.
    await eventually(
      async () => (await sut.db.collection<{ _id: string }>('policy_checkpoints').findOne({ _id: 'chat.unread-email' })) !== null,
      30_000,
      'the unread-email policy to start',
    );
  });
  afterAll(async () => {
    await chatQueue.close();
    await emailQueue.close();
    await bullConnection.quit();
    await sut.stop();
  });

  const signUp = () => signUpUser(sut.baseUrl, 'c');
  const mailsTo = (user: User) => sut.smtp.received.filter((mail) => JSON.stringify(mail.to).includes(user.email));

  type Content = Readonly<{ body?: string; gifUrl?: string; image?: ChatImage | null; receiverIsViewing?: boolean }>;
  const send = async (from: User, to: User, content: Content = {}): Promise<ChatMessageSent> => {
    const conversationId = conversationIdOf(from.userId, to.userId);
    const commandId = uniqueName('send');
    const data = {
      conversationId,
      messageId: uniqueName('message'),
      senderId: from.userId,
      receiverId: to.userId,
      body: content.body ?? `hello ${to.username}`,
      gifUrl: content.gifUrl ?? '',
      image: content.image ?? null,
      receiverIsViewing: content.receiverIsViewing ?? false,
    };
    const metadata = { commandId, now: new Date(), actorId: from.userId, correlationId: commandId, causationId: null };
    const result = await handleCommand(store, conversationDecider, conversationStreamId(conversationId), { type: 'SendChatMessage', data, metadata });
    return result.events[0] as ChatMessageSent;
  };
  const markRead = async (reader: User, other: User): Promise<void> => {
    const commandId = uniqueName('read');
    const conversationId = conversationIdOf(reader.userId, other.userId);
    const metadata = { commandId, now: new Date(), actorId: reader.userId, correlationId: commandId, causationId: null };
    await handleCommand(store, conversationDecider, conversationStreamId(conversationId), {
      type: 'MarkChatMessagesRead',
      data: { conversationId, readerId: reader.userId },
      metadata,
    });
  };
  const mailAbout = async (receiver: User, text: string) =>
    eventually(async () => mailsTo(receiver).find((mail) => String(mail.text).includes(text)), 30_000, `the e-mail to ${receiver.username} about "${text}"`);

  /**
   * Proves that a message's e-mail was not sent: its unread check has run to the end and added no e-mail job, and a
   * message sent after it, in a conversation of its own, has had its e-mail delivered while none came for this one.
   */
  const expectNoMailAbout = async (sent: ChatMessageSent, receiver: User): Promise<void> => {
    const check = unreadCheckOf(sent, DELAY_MS);
    if (check) {
      const checkId = bullJobIdOf(unreadEmail.name, check.options.jobId);
      await eventually(async () => (await chatQueue.getJobState(checkId)) === 'completed', 30_000, 'the unread check to complete');
    }
    expect(await emailQueue.getJob(bullJobIdOf(sendEmail.name, emailJobIdOf(sent.data.messageId)))).toBeUndefined();
    const [sender, witness] = [await signUp(), await signUp()];
    await send(sender, witness, { body: 'sentinel' });
    await mailAbout(witness, 'sentinel');
    expect(mailsTo(receiver).filter((mail) => String(mail.text).includes(sent.data.body))).toEqual([]);
  };

  it('e-mails the receiver of a message left unread, once, with the sender’s name and the message', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const sentAt = Date.now();
    await send(ann, bob, { body: 'Are you coming tonight?' });
    const mail = await mailAbout(bob, 'Are you coming tonight?');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DELAY_MS);
    expect(mail.subject).toBe(`You've received messages from ${ann.username}`);
    expect(String(mail.html)).toContain(`Message notification from ${ann.username}`);
    expect(String(mail.text)).toContain(`Hello ${bob.username},`);
    expect(mailsTo(bob)).toHaveLength(1);
    expect(mailsTo(ann)).toHaveLength(0);
  });

  it('says what a message without text carries', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
    await send(ann, bob, { body: '', gifUrl: 'https://media.giphy.com/media/x/giphy.gif' });
    await send(ann, cat, { body: '', image: { id: 'chat/c/i', version: '1', url: 'http://127.0.0.1/media/i.png' } });
    await mailAbout(bob, 'Sent a GIF');
    await mailAbout(cat, 'Sent an image');
  });

  it('sends no second e-mail for another unread message of the same conversation within the window, and one after it', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await send(ann, bob, { body: 'first' });
    await mailAbout(bob, 'first');
    const second = await send(ann, bob, { body: 'second' });
    await expectNoMailAbout(second, bob);
    expect(mailsTo(bob)).toHaveLength(1);

    const slot = chatEmailSlotKey(second.data.conversationId, bob.userId);
    expect(await sut.redis.pttl(slot)).toBeGreaterThan(WINDOW_MS - 60_000);
    await sut.redis.del(slot); // the window ends
    await send(ann, bob, { body: 'third' });
    await mailAbout(bob, 'third');
    expect(mailsTo(bob)).toHaveLength(2);
  });

  it('keeps the window per conversation: a message from someone else is e-mailed', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
    await send(ann, bob, { body: 'from ann' });
    await mailAbout(bob, 'from ann');
    await send(cat, bob, { body: 'from cat' });
    await mailAbout(bob, 'from cat');
  });

  it('sends nothing for a message read before the delay, nor for one read as it arrived', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const readSoon = await send(ann, bob, { body: 'read soon' });
    await markRead(bob, ann);
    await expectNoMailAbout(readSoon, bob);
    const readAtOnce = await send(ann, bob, { body: 'read at once', receiverIsViewing: true });
    await expectNoMailAbout(readAtOnce, bob);
    expect(mailsTo(bob)).toHaveLength(0);
  });

  it('sends nothing to a receiver whose settings turn message notifications off', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await api().put('/api/v1/user/profile/settings').set(bearer(bob)).send({ messages: false }).expect(200);
    await expectNoMailAbout(await send(ann, bob, { body: 'muted' }), bob);
    expect(mailsTo(bob)).toHaveLength(0);
  });

  it('sends nothing between users who block each other by the time the message would be e-mailed, whoever blocks', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
    await api().put(`/api/v1/user/block/${ann.userId}`).set(bearer(bob)).expect(200);
    await api().put(`/api/v1/user/block/${bob.userId}`).set(bearer(cat)).expect(200);
    await expectNoMailAbout(await send(ann, bob, { body: 'blocked by the receiver' }), bob);
    await expectNoMailAbout(await send(cat, bob, { body: 'blocked by the sender' }), bob);
    expect(mailsTo(bob)).toHaveLength(0);
  });
});
