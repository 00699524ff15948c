import request from 'supertest';
import type { RecordedEvent } from '@application/shared/event-store';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { INBOX } from '@infrastructure/event-store/storage-layout';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventually, startTestSystem, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';
import { startRebuild } from '@test/support/rebuild';

type User = TestUser;

describe('following and blocking (contract 2.3) over a real port', () => {
  let sut: TestSystem;
  const api = () => request(sut.baseUrl);
  const auth = bearer;

  beforeAll(async () => {
    sut = await startTestSystem();
  });
  afterAll(() => sut.stop());

  const signUp = () => signUpUser(sut.baseUrl, 'g');
  const counts = async (user: User) => {
    const { body } = await api().get('/api/v1/currentuser').set(auth(user)).expect(200);
    return {
      followers: body.user.followersCount as number,
      following: body.user.followingCount as number,
      blocked: body.user.blocked as string[],
      blockedBy: body.user.blockedBy as string[],
    };
  };
  const follow = (from: User, to: User) => api().put(`/api/v1/user/follow/${to.userId}`).set(auth(from));
  const unfollow = (from: User, to: User) => api().put(`/api/v1/user/unfollow/${to.userId}/${from.userId}`).set(auth(from));

  it('follows and unfollows, with counts from the read model right after (read-your-writes)', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await follow(ann, bob).expect(200, { message: 'Following user now' });
    expect(await counts(ann)).toMatchObject({ following: 1, followers: 0 });
    await eventually(async () => (await counts(bob)).followers === 1);
    await unfollow(ann, bob).expect(200, { message: 'Unfollowed user now' });
    expect(await counts(ann)).toMatchObject({ following: 0 });
  });

  it('refuses following yourself, a second follow, an unknown user, and an unfollow of someone not followed', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    expect((await follow(ann, ann).expect(400)).body.message).toBe('You cannot follow yourself.');
    await follow(ann, bob).expect(200);
    expect((await follow(ann, bob).expect(400)).body.message).toBe('You already follow this user.');
    expect((await api().put('/api/v1/user/follow/no-such-user').set(auth(ann)).expect(404)).body.message).toBe('User not found');
    expect((await unfollow(bob, ann).expect(400)).body.message).toBe('You do not follow this user.');
    expect(await counts(ann)).toMatchObject({ following: 1 });
  });

  it('checks who may act: no token is 401, unfollowing on behalf of someone else is 403', async () => {
    const [ann, bob, eve] = [await signUp(), await signUp(), await signUp()];
    await api().put(`/api/v1/user/follow/${bob.userId}`).expect(401);
    await follow(ann, bob).expect(200);
    await api().put(`/api/v1/user/unfollow/${bob.userId}/${ann.userId}`).set(auth(eve)).expect(403);
    expect(await counts(ann)).toMatchObject({ following: 1 });
  });

  it('ends the follows of both directions on a block, and refuses follows until unblocked', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await follow(ann, bob).expect(200);
    await follow(bob, ann).expect(200);
    await api().put(`/api/v1/user/block/${bob.userId}`).set(auth(ann)).expect(200, { message: 'User blocked' });
    expect(await counts(ann)).toEqual({ followers: 0, following: 0, blocked: [bob.userId], blockedBy: [] });
    await eventually(async () => JSON.stringify(await counts(bob)) === JSON.stringify({ followers: 0, following: 0, blocked: [], blockedBy: [ann.userId] }));
    expect((await follow(bob, ann).expect(403)).body.message).toBe('This user is not available.');
    expect((await follow(ann, bob).expect(403)).body.message).toBe('This user is not available.');
    expect((await api().put(`/api/v1/user/block/${bob.userId}`).set(auth(ann)).expect(400)).body.message).toBe('You already blocked this user.');
    expect((await api().put(`/api/v1/user/unblock/${ann.userId}`).set(auth(bob)).expect(400)).body.message).toBe('You have not blocked this user.');
    await api().put(`/api/v1/user/unblock/${bob.userId}`).set(auth(ann)).expect(200, { message: 'User unblocked' });
    await follow(bob, ann).expect(200);
  });

  it('keeps counts consistent with the events under 100 concurrent follow and unfollow commands', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, signUp));
    const operations = Array.from({ length: 100 }, (_, i) => {
      const from = users[i % users.length]!;
      const to = users[(i * 7 + 1 + Math.floor(i / users.length)) % users.length]!;
      return i % 3 === 2 ? unfollow(from, to) : follow(from, to);
    });
    const statuses = (await Promise.all(operations)).map((response) => response.status);
    expect(statuses.filter((status) => ![200, 400].includes(status))).toEqual([]);

    const expected = new Map(users.map((user) => [user.userId, { followers: new Set<string>(), following: new Set<string>() }]));
    // Every command has answered, so every commit is written; the log has them all once the sequencer drained its inbox.
    await eventually(async () => (await sut.db.collection(INBOX).countDocuments()) === 0, 30_000, 'the sequencer to log every commit');
    const log = await new MongoEventLog(sut.db, eventCatalog()).readAfter(0, 100_000);
    for (const event of log as RecordedEvent<{ type: string; data: { followerId: string; followeeId: string } }>[]) {
      const follower = expected.get(event.data?.followerId);
      const followee = expected.get(event.data?.followeeId);
      if (!follower || !followee) continue;
      if (event.type === 'UserFollowed') {
        follower.following.add(event.data.followeeId);
        followee.followers.add(event.data.followerId);
      }
      if (event.type === 'UserUnfollowed') {
        follower.following.delete(event.data.followeeId);
        followee.followers.delete(event.data.followerId);
      }
    }
    const followed = statuses.filter((status, i) => status === 200 && i % 3 !== 2).length;
    expect(followed).toBeGreaterThan(0);
    let last: unknown;
    const matchesTheLog = async () => {
      for (const user of users) {
        const want = expected.get(user.userId)!;
        await eventually(
          async () => {
            const got = await counts(user);
            const following = (await api().get('/api/v1/user/following').set(auth(user)).expect(200)).body.following.map((card: { _id: string }) => card._id);
            last = { got: { ...got, followingList: [...following].sort() }, want: { followers: want.followers.size, following: [...want.following].sort() } };
            return (
              got.followers === want.followers.size &&
              got.following === want.following.size &&
              JSON.stringify([...following].sort()) === JSON.stringify([...want.following].sort())
            );
          },
          60_000,
          `the counts and lists of ${user.username}`,
        ).catch((error: Error) => {
          throw new Error(`${error.message}: ${JSON.stringify(last)}`);
        });
      }
    };
    await matchesTheLog();

    const registry = new GenerationRegistry(sut.redis);
    const rebuilt = await startRebuild(sut.redis, 'graph.relationships', 1);
    await eventually(async () => (await registry.active('graph.relationships')) === rebuilt, 120_000, 'the rebuilt generation');
    await matchesTheLog();
  }, 300_000);

  describe('follow lists', () => {
    it('lists whom I follow and who follows a user, as cards with counts, newest first', async () => {
      const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
      await follow(ann, bob).expect(200);
      await follow(ann, cat).expect(200);
      await follow(cat, bob).expect(200);
      // bob's counts come from cat's follow too, which is not ann's own write: wait for it.
      const following = await eventually(async () => {
        const r = await api().get('/api/v1/user/following').set(auth(ann)).expect(200);
        return r.body.following[1]?.followersCount === 2 ? r : null;
      });
      expect(following.body.message).toBe('User following');
      expect(following.body.following.map((card: { _id: string }) => card._id)).toEqual([cat.userId, bob.userId]);
      expect(following.body.following[1]).toMatchObject({
        username: expect.any(String),
        followersCount: 2,
        followingCount: 0,
        uId: expect.any(String),
        userProfile: { _id: bob.userId },
      });
      const followers = await eventually(async () => {
        const r = await api().get(`/api/v1/user/followers/${bob.userId}`).set(auth(cat)).expect(200);
        return r.body.followers.length === 2 ? r : null;
      });
      expect(followers.body).toMatchObject({ message: 'User followers' });
      expect(followers.body.followers.map((card: { _id: string }) => card._id)).toEqual([cat.userId, ann.userId]);
    });

    it('hides blocked users from lists, and a blocked user’s lists from the blocker', async () => {
      const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
      await follow(ann, cat).expect(200);
      await follow(bob, cat).expect(200);
      await api().put(`/api/v1/user/block/${bob.userId}`).set(auth(ann)).expect(200);
      const followers = await eventually(async () => {
        const r = await api().get(`/api/v1/user/followers/${cat.userId}`).set(auth(ann)).expect(200);
        return r.body.followers.length === 1 ? r : null;
      });
      expect(followers.body.followers[0]._id).toBe(ann.userId);
      await eventually(async () => (await api().get(`/api/v1/user/followers/${ann.userId}`).set(auth(bob))).status === 404);
      await api().get(`/api/v1/user/followers/${bob.userId}`).set(auth(ann)).expect(404);
      await api().get('/api/v1/user/following').expect(401);
    });

    it('ends the blocker’s own follower list with the users they block, where the client offers to unblock them', async () => {
      const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
      await follow(bob, ann).expect(200);
      await follow(cat, ann).expect(200);
      await api().put(`/api/v1/user/block/${bob.userId}`).set(auth(ann)).expect(200);
      const ownList = (await api().get(`/api/v1/user/followers/${ann.userId}`).set(auth(ann)).expect(200)).body.followers;
      expect(ownList.map((card: { _id: string }) => card._id)).toEqual([cat.userId, bob.userId]);
      const seenByCat = (await api().get(`/api/v1/user/followers/${ann.userId}`).set(auth(cat)).expect(200)).body.followers;
      expect(seenByCat.map((card: { _id: string }) => card._id)).toEqual([cat.userId]);
      await api().put(`/api/v1/user/unblock/${bob.userId}`).set(auth(ann)).expect(200);
      const afterUnblock = (await api().get(`/api/v1/user/followers/${ann.userId}`).set(auth(ann)).expect(200)).body.followers;
      expect(afterUnblock.map((card: { _id: string }) => card._id)).toEqual([cat.userId]);
    });
  });

  describe('realtime', () => {
    const clients: RecordingClient[] = [];
    const connect = async (user: User) => {
      const client = await connectClient(sut.baseUrl, { auth: { token: user.token } });
      clients.push(client);
      return client;
    };
    afterEach(() => {
      for (const client of clients.splice(0)) client.close();
    });

    it('tells both users of a follow with the followed card, and nobody else', async () => {
      const [ann, bob, eve] = [await signUp(), await signUp(), await signUp()];
      const [annSocket, bobSocket, eveSocket] = [await connect(ann), await connect(bob), await connect(eve)];
      await follow(ann, bob).expect(200);
      const [card] = (await bobSocket.waitFor('add follower')) as [{ _id: string; followersCount: number; globalPosition: number }];
      expect(card).toMatchObject({ _id: bob.userId, followersCount: 1, globalPosition: expect.any(Number) });
      await annSocket.waitFor('add follower');
      await unfollow(ann, bob).expect(200);
      expect(((await bobSocket.waitFor('remove follower')) as [{ followersCount: number }])[0].followersCount).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eveSocket.received.filter((m) => m.event.includes('follower'))).toEqual([]);
    });

    it('also tells those who looked at the followed user’s profile or followers', async () => {
      const [ann, bob, carol, dave, eve] = [await signUp(), await signUp(), await signUp(), await signUp(), await signUp()];
      const [carolSocket, daveSocket, eveSocket] = [await connect(carol), await connect(dave), await connect(eve)];
      await api().get(`/api/v1/user/followers/${bob.userId}`).set(auth(carol)).expect(200);
      await api().get(`/api/v1/user/profile/${bob.userId}`).set(auth(dave)).expect(200);
      await follow(ann, bob).expect(200);
      const [card] = (await carolSocket.waitFor('add follower')) as [{ _id: string }];
      expect(card._id).toBe(bob.userId);
      await daveSocket.waitFor('add follower');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eveSocket.received.filter((m) => m.event.includes('follower'))).toEqual([]);
    });

    it('tells those who saw the user in the users list or on the profile page too, but no one either user blocks', async () => {
      const [ann, bob, frank, gina, hank] = [await signUp(), await signUp(), await signUp(), await signUp(), await signUp()];
      const [frankSocket, ginaSocket, hankSocket] = [await connect(frank), await connect(gina), await connect(hank)];
      const listed = (await api().get('/api/v1/user/all/1').set(auth(frank)).expect(200)).body.users.map((user: { _id: string }) => user._id);
      expect(listed).toContain(bob.userId);
      await api().get(`/api/v1/user/profile/posts/${bob.username}/${bob.userId}/${bob.uId}`).set(auth(gina)).expect(200);
      await api().get(`/api/v1/user/followers/${bob.userId}`).set(auth(hank)).expect(200);
      await api().put(`/api/v1/user/block/${hank.userId}`).set(auth(bob)).expect(200);
      await follow(ann, bob).expect(200);
      await frankSocket.waitFor('add follower', (card) => (card as { _id: string })._id === bob.userId);
      await ginaSocket.waitFor('add follower', (card) => (card as { _id: string })._id === bob.userId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hankSocket.received.filter((m) => m.event.includes('follower'))).toEqual([]);
    });

    it('tells both users that a block ended their follow', async () => {
      const [ann, bob] = [await signUp(), await signUp()];
      const [annSocket, bobSocket] = [await connect(ann), await connect(bob)];
      await follow(ann, bob).expect(200);
      await bobSocket.waitFor('add follower');
      await api().put(`/api/v1/user/block/${ann.userId}`).set(auth(bob)).expect(200);
      const [card] = (await bobSocket.waitFor('remove follower')) as [{ _id: string; followersCount: number }];
      expect(card).toMatchObject({ _id: bob.userId, followersCount: 0 });
      await annSocket.waitFor('remove follower');
    });

    it('sends block and unblock to the two users, and ignores what clients claim', async () => {
      const [ann, bob, eve] = [await signUp(), await signUp(), await signUp()];
      const [bobSocket, eveSocket] = [await connect(bob), await connect(eve)];
      eveSocket.socket.emit('block user', { blockedUser: bob.userId, blockedBy: ann.userId });
      eveSocket.socket.emit('unfollow user', { _id: bob.userId });
      await api().put(`/api/v1/user/block/${bob.userId}`).set(auth(ann)).expect(200);
      const [pair] = await bobSocket.waitFor('blocked user id');
      expect(pair).toMatchObject({ blockedUser: bob.userId, blockedBy: ann.userId });
      expect(bobSocket.received.filter((m) => m.event === 'blocked user id')).toHaveLength(1);
      await api().put(`/api/v1/user/unblock/${bob.userId}`).set(auth(ann)).expect(200);
      await bobSocket.waitFor('unblocked user id');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eveSocket.received.filter((m) => m.event !== 'user online')).toEqual([]);
    });
  });
});
