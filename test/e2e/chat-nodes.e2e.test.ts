import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import request from 'supertest';
import { findFreePort } from '@infrastructure/embedded';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventually, startTestSystem, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';

const repoRoot = path.resolve(__dirname, '../..');

/** Generous: on a busy CI machine a message can take seconds from the POST to the sockets. */
const DELIVERY_TIMEOUT_MS = 60_000;
/** Each test may wait for several deliveries. */
const TEST_TIMEOUT_MS = 180_000;
const CHAT_EVENTS = ['message received', 'chat list', 'message read', 'message reaction'];

type Message = Readonly<{ _id: string; conversationId: string; senderId: string; receiverId: string; body: string; position: number }>;

/** A second api process on the same MongoDB database and Redis: the real entry point, `ROLE=api`, another port. */
const startApiNode = async (nodeA: TestSystem): Promise<{ baseUrl: string; stop: () => Promise<void> }> => {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { config } = nodeA;
  const env = {
    ...process.env,
    ROLE: 'api',
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    MONGO_URL: config.mongoUrl!,
    MONGO_DB: config.mongoDb,
    REDIS_URL: config.redisUrl!,
    JWT_SECRET: config.jwtSecret,
    RESET_TOKEN_SECRET: config.resetSecret,
    DATA_DIR: config.dataDir,
    LOG_LEVEL: 'warn',
    READ_YOUR_WRITES_TIMEOUT_MS: String(config.readYourWritesTimeoutMs),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/interfaces/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  const answers = async () => {
    if (child.exitCode !== null) throw new Error(`node B exited with code ${child.exitCode}`);
    const health = await request(baseUrl)
      .get('/health')
      .catch(() => null);
    return health?.status === 200;
  };
  await eventually(answers, 90_000, 'node B to answer /health');
  return {
    baseUrl,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
};

describe('chat across two api processes on the same database and Redis', () => {
  let nodeA: TestSystem;
  let nodeB: Awaited<ReturnType<typeof startApiNode>>;
  const clients: RecordingClient[] = [];
  /** Requests answered 409 by the write path, each retried with its Idempotency-Key. */
  let conflictsRetried = 0;

  beforeAll(async () => {
    nodeA = await startTestSystem();
    nodeB = await startApiNode(nodeA);
  }, 180_000);
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
  });

  const signUp = () => signUpUser(nodeA.baseUrl, 'n');
  const socketOn = async (baseUrl: string, user: TestUser): Promise<RecordingClient> => {
    const client = await connectClient(baseUrl, { auth: { token: user.token } });
    clients.push(client);
    return client;
  };

  /**
   * `POST /chat/message`. Under a burst from two processes the write path may still answer 409 once its retries ran
   * out: the request is then sent again with the same Idempotency-Key, so the server keeps the message once.
   */
  const send = async (baseUrl: string, from: TestUser, to: TestUser, body: string): Promise<string> => {
    const idempotencyKey = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const response = await request(baseUrl)
        .post('/api/v1/chat/message')
        .set(bearer(from))
        .set('Idempotency-Key', idempotencyKey)
        .send({ receiverId: to.userId, receiverUsername: to.username, receiverAvatarColor: 'red', receiverProfilePicture: '', body });
      if (response.status === 409 && attempt < 10) {
        conflictsRetried++;
        continue;
      }
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ message: 'Message added', conversationId: expect.any(String) });
      return response.body.conversationId as string;
    }
  };

  const history = async (baseUrl: string, viewer: TestUser, other: TestUser, query: string): Promise<Message[]> => {
    const response = await request(baseUrl).get(`/api/v1/chat/message/user/${other.userId}${query}`).set(bearer(viewer)).expect(200);
    expect(response.body.message).toBe('User chat messages');
    return response.body.messages as Message[];
  };

  /** Every page of the conversation, walked from the newest one back with `?before=`, oldest first. */
  const wholeHistory = async (baseUrl: string, viewer: TestUser, other: TestUser, limit: number): Promise<Message[]> => {
    const pages: Message[][] = [];
    let page = await history(baseUrl, viewer, other, `?limit=${limit}`);
    while (page.length > 0) {
      pages.unshift(page);
      page = await history(baseUrl, viewer, other, `?limit=${limit}&before=${page[0]!.position}`);
    }
    return pages.flat();
  };

  /** The `message received` documents a socket got in the conversation, in the order they arrived. */
  const receivedIn = (client: RecordingClient, conversationId: string): Message[] =>
    client.received
      .filter(({ event, args }) => event === 'message received' && (args[0] as Message).conversationId === conversationId)
      .map(({ args }) => args[0] as Message);

  const waitForMessage = async (client: RecordingClient, event: string, conversationId: string, body: string): Promise<Message> => {
    const [message] = await client.waitFor(
      event,
      (document) => (document as Message).conversationId === conversationId && (document as Message).body === body,
      { timeoutMs: DELIVERY_TIMEOUT_MS },
    );
    return message as Message;
  };

  it(
    'delivers a message sent through node A to both participants on node B, and to no one else',
    async () => {
      const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
      const [annOnB, bobOnB, catOnB, catOnA] = [
        await socketOn(nodeB.baseUrl, ann),
        await socketOn(nodeB.baseUrl, bob),
        await socketOn(nodeB.baseUrl, cat),
        await socketOn(nodeA.baseUrl, cat),
      ];

      const conversationId = await send(nodeA.baseUrl, ann, bob, 'hello from node A');
      const delivered = await Promise.all(
        [annOnB, bobOnB].flatMap((client) =>
          ['message received', 'chat list'].map((event) => waitForMessage(client, event, conversationId, 'hello from node A')),
        ),
      );
      expect(delivered[0]).toMatchObject({ senderId: ann.userId, receiverId: bob.userId, position: 1 });
      for (const message of delivered) expect(message).toMatchObject({ _id: delivered[0]!._id, position: delivered[0]!.position });

      // The sentinel: a later message of Cat's own conversation. The realtime consumer emits in log order through one
      // Redis publisher, so anything of Ann and Bob's conversation meant for Cat would have arrived before it.
      const sentinelConversation = await send(nodeA.baseUrl, ann, cat, 'sentinel');
      for (const client of [catOnB, catOnA]) {
        await waitForMessage(client, 'message received', sentinelConversation, 'sentinel');
        const sentinelAt = client.received.findIndex(({ event, args }) => event === 'message received' && (args[0] as Message).body === 'sentinel');
        const before = client.received.slice(0, sentinelAt);
        expect(before.filter(({ event }) => CHAT_EVENTS.includes(event))).toEqual([]);
        expect(JSON.stringify(before)).not.toContain(conversationId);
      }
      expect(JSON.stringify([...catOnA.received, ...catOnB.received])).not.toContain('hello from node A');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stores messages sent at once from both sides through both nodes in one order, which both participants receive',
    async () => {
      const [ann, bob] = [await signUp(), await signUp()];
      conflictsRetried = 0;
      // Each participant's socket is on the node the other one sends through.
      const [annOnB, bobOnA] = [await socketOn(nodeB.baseUrl, ann), await socketOn(nodeA.baseUrl, bob)];
      const bodies = [...Array.from({ length: 20 }, (_, n) => `ann ${n + 1}`), ...Array.from({ length: 20 }, (_, n) => `bob ${n + 1}`)];

      const conversationIds = await Promise.all(
        bodies.map((body) => (body.startsWith('ann') ? send(nodeA.baseUrl, ann, bob, body) : send(nodeB.baseUrl, bob, ann, body))),
      );
      const conversationId = conversationIds[0]!;
      expect(new Set(conversationIds)).toEqual(new Set([conversationId]));

      const stored = await eventually(
        async () => {
          const messages = await wholeHistory(nodeB.baseUrl, ann, bob, 15);
          return messages.length >= bodies.length ? messages : null;
        },
        DELIVERY_TIMEOUT_MS,
        'the 40 messages in the history',
      );
      expect(stored.map((message) => message.position)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
      expect(stored.map((message) => message.body).sort()).toEqual([...bodies].sort());
      // The requests were all in flight together, so no order among them is promised: one order, seen alike everywhere, is.
      const bobsView = await wholeHistory(nodeA.baseUrl, bob, ann, 40);
      expect(bobsView.map((message) => message._id)).toEqual(stored.map((message) => message._id));

      // Delivery is at least once: a batch the realtime consumer retries (a lease lost under load) can repeat a message,
      // never reorder one. Each message's first arrival is in the conversation's order.
      const firstArrivals = (client: RecordingClient) => {
        const seen = new Set<string>();
        return receivedIn(client, conversationId).filter((message) => !seen.has(message._id) && seen.add(message._id));
      };
      for (const client of [annOnB, bobOnA]) {
        await eventually(async () => firstArrivals(client).length >= bodies.length, DELIVERY_TIMEOUT_MS, 'all 40 messages at a socket');
        const received = firstArrivals(client);
        expect(received.map((message) => message.position)).toEqual(stored.map((message) => message.position));
        expect(received.map((message) => message._id)).toEqual(stored.map((message) => message._id));
      }
      console.log(`chat-nodes: ${conflictsRetried} of ${bodies.length} concurrent sends answered 409 and were retried`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lets a client that reconnects fetch what it missed, by position',
    async () => {
      const [ann, bob] = [await signUp(), await signUp()];
      let bobOnB = await socketOn(nodeB.baseUrl, bob);
      const annOnA = await socketOn(nodeA.baseUrl, ann);
      let conversationId = '';
      for (const body of ['seen 1', 'seen 2', 'seen 3']) conversationId = await send(nodeA.baseUrl, ann, bob, body);
      const lastSeen = await waitForMessage(bobOnB, 'message received', conversationId, 'seen 3');

      bobOnB.close();
      const missed = ['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5'];
      for (const body of missed) await send(nodeA.baseUrl, ann, bob, body);
      // The realtime consumer emits once the history has applied a message: when Ann's socket has the last one, so does the history.
      await waitForMessage(annOnA, 'message received', conversationId, 'missed 5');

      bobOnB = await socketOn(nodeB.baseUrl, bob);
      const fetched = await history(nodeB.baseUrl, bob, ann, `?after=${lastSeen.position}`);
      expect(fetched.map((message) => message.body)).toEqual(missed);
      expect(fetched.map((message) => message.position)).toEqual(missed.map((_, n) => lastSeen.position + 1 + n));

      await send(nodeA.baseUrl, ann, bob, 'after the reconnect');
      const next = await waitForMessage(bobOnB, 'message received', conversationId, 'after the reconnect');
      expect(next.position).toBe(lastSeen.position + missed.length + 1);
      expect(receivedIn(bobOnB, conversationId).map((message) => message.body)).toEqual(['after the reconnect']);
    },
    TEST_TIMEOUT_MS,
  );
});
