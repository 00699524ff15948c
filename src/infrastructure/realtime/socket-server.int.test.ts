import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { userRoom, type RealtimeEmit } from '@application/shared/realtime';
import { findFreePort } from '@infrastructure/embedded';
import { sleep } from '@infrastructure/runtime/background-loop';
import { connectTestRedis } from '@infrastructure/projections/testing/projection-harness';
import { killAllFixtures, killFixture, startFixture } from '@test/support/child-processes';
import { uniqueName } from '@test/support/unique-name';
import { presenceKeys } from './realtime-keys';
import { SocketIoRealtime } from './socket-io-realtime';
import { connectClient, refusal, type RecordingClient } from './testing/socket-clients';

const clientOrigin = 'http://localhost:3000';

describe('Socket.IO server on two api processes', () => {
  let redis: Redis;
  let channelPrefix: string;
  let namespace: string;
  let urls: { a: string; b: string };
  let fixtures: { a: Awaited<ReturnType<typeof startFixture>>; b: Awaited<ReturnType<typeof startFixture>> };
  let realtime: SocketIoRealtime;
  let clients: RecordingClient[];

  const startNode = async () => {
    const port = await findFreePort();
    const child = await startFixture('test/fixtures/realtime-node.ts', [String(port), process.env.REDIS_URL ?? '', channelPrefix, namespace, clientOrigin]);
    return { child, url: `http://127.0.0.1:${port}` };
  };
  const connectAs = async (url: string, userId: string) => {
    const client = await connectClient(url, { auth: { token: `user-${userId}` } });
    clients.push(client);
    return client;
  };
  /** Messages from one publisher arrive in order: once the marker is in, anything emitted before it would be too. */
  const flush = async (...targets: Array<[RecordingClient, string]>) => {
    const marker = uniqueName('marker');
    for (const [, userId] of targets) await realtime.emit({ room: userRoom(userId), event: 'marker', args: [marker] });
    await Promise.all(targets.map(([client]) => client.waitFor('marker', (value) => value === marker)));
  };
  const eventsOf = (client: RecordingClient) => client.received.map((m) => m.event).filter((e) => e !== 'user online' && e !== 'marker');
  const onlineLists = (client: RecordingClient) => client.received.filter((m) => m.event === 'user online').map((m) => m.args[0] as string[]);

  beforeEach(async () => {
    redis = connectTestRedis();
    channelPrefix = uniqueName('sio');
    namespace = uniqueName('presence');
    realtime = new SocketIoRealtime(redis, { channelPrefix });
    clients = [];
    const [a, b] = await Promise.all([startNode(), startNode()]);
    fixtures = { a: a.child, b: b.child };
    urls = { a: a.url, b: b.url };
  });
  afterEach(async () => {
    for (const client of clients) client.close();
    await killAllFixtures();
    redis.disconnect();
  });

  describe('emitting to a user room', () => {
    it('reaches the user on the other node from a process without sockets, and nobody else', async () => {
      const bob = await connectAs(urls.b, 'bob');
      const alice = await connectAs(urls.a, 'alice');
      const carol = await connectAs(urls.a, 'carol');

      await realtime.emit({ room: userRoom('bob'), event: 'message received', args: [{ body: 'hi bob' }] });

      expect(await bob.waitFor('message received')).toEqual([{ body: 'hi bob' }]);
      await flush([bob, 'bob'], [alice, 'alice'], [carol, 'carol']);
      expect(eventsOf(bob)).toEqual(['message received']);
      expect(eventsOf(alice)).toEqual([]);
      expect(eventsOf(carol)).toEqual([]);
    });

    it('reaches the user on the other node when node A emits', async () => {
      const bob = await connectAs(urls.b, 'bob');
      const alice = await connectAs(urls.a, 'alice');

      await postEmit(urls.a, { room: userRoom('bob'), event: 'add follower', args: [{ followerId: 'alice' }] });

      expect(await bob.waitFor('add follower')).toEqual([{ followerId: 'alice' }]);
      await flush([alice, 'alice']);
      expect(eventsOf(alice)).toEqual([]);
    });

    it('does not rebroadcast what clients send', async () => {
      const alice = await connectAs(urls.a, 'alice');
      const bob = await connectAs(urls.b, 'bob');
      const carol = await connectAs(urls.a, 'carol');
      for (const event of ['block user', 'unblock user', 'unfollow user', 'reaction', 'comment']) {
        alice.socket.emit(event, { blockedUser: 'bob', blockedBy: 'alice', postId: 'p1', userTo: 'bob' });
      }
      alice.socket.emit('setup', { userId: 'bob' });
      await alice.waitFor('user online', (list) => (list as string[]).includes('name-of-carol'));

      await flush([bob, 'bob'], [carol, 'carol']);
      expect(eventsOf(bob)).toEqual([]);
      expect(eventsOf(carol)).toEqual([]);
    });
  });

  describe('the handshake', () => {
    it('lets in a client without credentials, or with credentials it does not know, as anonymous: no room, nothing private', async () => {
      const bob = await connectAs(urls.b, 'bob');
      const anonymous = [
        await connectClient(urls.a, {}),
        await connectClient(urls.a, { auth: { token: 'forged' } }),
        await connectClient(urls.b, { transports: ['polling'], auth: { token: 'forged' } }),
      ];
      clients.push(...anonymous);
      await realtime.emit({ room: userRoom('forged'), event: 'insert notification', args: [[], { userTo: 'forged' }] });
      await flush([bob, 'bob']);
      for (const client of anonymous) {
        expect(client.socket.connected).toBe(true);
        expect(client.received).toEqual([]);
      }
      expect(await redis.zrange(presenceKeys(namespace).users, 0, -1)).toEqual(['bob']);
    });

    it('lets in a client whose credentials cannot be checked for now, and disconnects it a little later to try again', async () => {
      const client = await connectClient(urls.a, { auth: { token: 'unverifiable' } });
      clients.push(client);
      const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
      expect(client.socket.connected).toBe(true);
      expect(await disconnected).toBe('io server disconnect');
    });

    it('disconnects an anonymous socket that sends setup, so the client connects again with the cookie it now holds', async () => {
      const client = await connectClient(urls.a, {});
      clients.push(client);
      const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
      client.socket.emit('setup', { userId: 'someone' });
      expect(await disconnected).toBe('io server disconnect');
    });

    it('accepts a bearer header over websocket and the session cookie over polling', async () => {
      clients.push(await connectClient(urls.a, { extraHeaders: { authorization: 'Bearer user-dave' } }));
      const erin = await connectClient(urls.b, { transports: ['polling'], extraHeaders: { cookie: 'theme=dark; session=user-erin' } });
      clients.push(erin);
      await realtime.emit({ room: userRoom('erin'), event: 'insert notification', args: [[], { userTo: 'erin' }] });
      expect(await erin.waitFor('insert notification')).toEqual([[], { userTo: 'erin' }]);
    });

    it('refuses another site as origin, and answers the client origin with credentialed CORS', async () => {
      await expect(refusal(urls.a, { auth: { token: 'user-bob' }, extraHeaders: { origin: 'http://evil.example' } })).resolves.toBeInstanceOf(Error);
      clients.push(await connectClient(urls.a, { auth: { token: 'user-bob' }, extraHeaders: { origin: clientOrigin } }));
      const headers = await pollingHandshakeHeaders(urls.a, clientOrigin);
      expect(headers['access-control-allow-origin']).toBe(clientOrigin);
      expect(headers['access-control-allow-credentials']).toBe('true');
    });
  });

  describe('presence', () => {
    const socketsOf = async (userId: string) => redis.zcard(presenceKeys(namespace).sockets(userId));

    it('keeps a user with tabs on two nodes online until the last tab closes', async () => {
      const carol = await connectAs(urls.a, 'carol');
      const firstTab = await connectAs(urls.a, 'bob');
      await carol.waitFor('user online', (list) => (list as string[]).includes('name-of-bob'));
      const secondTab = await connectAs(urls.b, 'bob');
      expect((await secondTab.waitFor('user online'))[0]).toEqual(expect.arrayContaining(['name-of-bob', 'name-of-carol']));
      await waitUntil(async () => (await socketsOf('bob')) === 2);

      firstTab.close();
      await waitUntil(async () => (await socketsOf('bob')) === 1);
      await sleep(300);
      carol.socket.emit('setup', { userId: 'ignored' });
      await carol.waitFor('user online', undefined, { after: carol.received.length });
      expect(onlineLists(carol).at(-1)).toEqual(expect.arrayContaining(['name-of-bob', 'name-of-carol']));
      const lists = onlineLists(carol);
      expect(lists.slice(lists.findIndex((list) => list.includes('name-of-bob'))).every((list) => list.includes('name-of-bob'))).toBe(true);

      const beforeLastClose = carol.received.length;
      secondTab.close();
      const [list] = await carol.waitFor('user online', (l) => !(l as string[]).includes('name-of-bob'), { after: beforeLastClose });
      expect(list).toEqual(['name-of-carol']);
      expect(await socketsOf('bob')).toBe(0);
    });

    it('puts live sockets back when Redis lost the presence keys', async () => {
      const carol = await connectAs(urls.a, 'carol');
      await connectAs(urls.b, 'bob');
      await carol.waitFor('user online', (list) => (list as string[]).includes('name-of-bob'));
      await sleep(300); // lets the broadcasts of both arrivals land before the mark
      const keys = presenceKeys(namespace);
      const beforeLoss = carol.received.length;
      await redis.del(keys.users, keys.sockets('bob'), keys.sockets('carol'));

      // Each node puts its own sockets back on its next heartbeat and tells everyone.
      const both = (l: unknown) => ['name-of-bob', 'name-of-carol'].every((name) => (l as string[]).includes(name));
      await waitUntil(async () => (await socketsOf('bob')) === 1 && (await socketsOf('carol')) === 1);
      await carol.waitFor('user online', both, { after: beforeLoss });
    });

    it('takes the users of a crashed node offline once their sockets expire', async () => {
      const carol = await connectAs(urls.a, 'carol');
      await connectAs(urls.b, 'bob');
      await carol.waitFor('user online', (list) => (list as string[]).includes('name-of-bob'));
      await sleep(3_500);
      expect(await socketsOf('bob')).toBe(1); // heartbeats keep live sockets past the TTL
      // Asked, not the last broadcast: one from the previous test's departures may land late (the next change fixes it).
      carol.socket.emit('setup', {});
      const [asked] = await carol.waitFor('user online', () => true, { after: carol.received.length });
      expect(asked).toContain('name-of-bob');

      const beforeCrash = carol.received.length;
      await killFixture(fixtures.b);
      const [list] = await carol.waitFor('user online', (l) => !(l as string[]).includes('name-of-bob'), { after: beforeCrash });
      expect(list).toEqual(['name-of-carol']);
    });
  });
});

const waitUntil = async (condition: () => Promise<boolean>, timeoutMs = 5_000) => {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(20)) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
  }
};

const postEmit = (url: string, message: RealtimeEmit) =>
  new Promise<void>((resolve, reject) => {
    const req = request(`${url}/emit`, { method: 'POST' }, (res) => {
      res.resume();
      if (res.statusCode === 204) resolve();
      else reject(new Error(`emit answered ${res.statusCode}`));
    });
    req.once('error', reject);
    req.end(JSON.stringify(message));
  });

const pollingHandshakeHeaders = (url: string, origin: string) =>
  new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
    const req = request(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }, (res) => {
      res.resume();
      resolve(res.headers);
    });
    req.once('error', reject);
    req.end();
  });
