import request from 'supertest';
import { USERS_PROJECTION, usersProjection } from '@application/profile/users.projection';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { projectionKeys } from '@infrastructure/projections/projection-keys';
import { eventually, startTestSystem, type TestSystem } from '@test/support/test-system';
import { connectClient } from '@infrastructure/realtime/testing/socket-clients';
import { signUpUser } from '@test/support/users';
import { startRebuild } from '@test/support/rebuild';

type User = { userId: string; token: string; username: string; email: string };
type Listed = { _id: string };

describe('users and profiles (contract 2.2) over a real port', () => {
  let sut: TestSystem;
  const api = () => request(sut.baseUrl);
  const auth = (user: User) => ({ Authorization: `Bearer ${user.token}` });
  /** Everyone signed up in this system, oldest first: sign-ups here are one at a time, so this is registration order. */
  const everyone: User[] = [];

  beforeAll(async () => {
    sut = await startTestSystem();
  });
  afterAll(() => sut.stop());

  const signUp = async (prefix = 'p'): Promise<User> => {
    const user = await signUpUser(sut.baseUrl, prefix);
    everyone.push(user);
    return user;
  };
  const ids = (list: Listed[]) => list.map((item) => item._id);
  const page = async (user: User, number: number) => (await api().get(`/api/v1/user/all/${number}`).set(auth(user)).expect(200)).body;
  const profileOf = async (user: User) => (await api().get('/api/v1/user/profile').set(auth(user)).expect(200)).body.user;
  const block = (from: User, to: User) => api().put(`/api/v1/user/block/${to.userId}`).set(auth(from)).expect(200);
  /** A block is the blocker's write: the blocked user's queries see it once the graph read model has it. */
  const blockedBy = async (blocker: User, blocked: User) => {
    await block(blocker, blocked);
    await eventually(async () => ((await profileOf(blocked)).blockedBy as string[]).includes(blocker.userId), 30_000, 'the block to reach the read model');
  };

  it.each([
    ['get', '/api/v1/user/all/1'],
    ['get', '/api/v1/user/profile'],
    ['get', '/api/v1/user/profile/someone'],
    ['get', '/api/v1/user/profile/posts/name/someone/123'],
    ['get', '/api/v1/user/profile/user/suggestions'],
    ['get', '/api/v1/user/profile/search/abc'],
    ['put', '/api/v1/user/profile/change-password'],
    ['put', '/api/v1/user/profile/basic-info'],
    ['put', '/api/v1/user/profile/social-links'],
    ['put', '/api/v1/user/profile/settings'],
  ] as const)('asks for a session on %s %s', async (method, path) => {
    const response = await api()[method](path).send({}).expect(401);
    expect(response.body).toEqual({ message: 'Token is not available. Please login again.', status: 'error', statusCode: 401 });
  });

  describe('the people list', () => {
    it('pages newest first, 12 a page, without overlap or gap whoever registers or is blocked between two reads', async () => {
      const viewer = await signUp();
      const blocker = await signUp();
      await blockedBy(blocker, viewer);
      for (let i = 0; i < 26; i++) await signUp();
      const [firstFollower, secondFollower] = everyone.slice(-2) as [User, User];
      await api().put(`/api/v1/user/follow/${viewer.userId}`).set(auth(firstFollower)).expect(200);
      await api().put(`/api/v1/user/follow/${viewer.userId}`).set(auth(secondFollower)).expect(200);
      const anchored = ids([...everyone].reverse().map((user) => ({ _id: user.userId }))).filter((id) => id !== viewer.userId && id !== blocker.userId);

      const first = await eventually(async () => {
        const body = await page(viewer, 1);
        return body.followers.length === 2 && body.totalUsers === anchored.length && body.users[0]?._id === anchored[0] ? body : null;
      });
      expect(first).toMatchObject({ message: 'Get users', totalUsers: anchored.length });
      expect(ids(first.users)).toEqual(anchored.slice(0, 12));
      expect(first.users[0]).toMatchObject({ _id: anchored[0], uId: expect.any(String), followersCount: expect.any(Number), blocked: [], blockedBy: [] });
      expect(ids(first.followers)).toEqual([secondFollower.userId, firstFollower.userId]);
      expect(Object.keys(first.followers[0]).sort()).toEqual([
        '_id',
        'avatarColor',
        'followersCount',
        'followingCount',
        'postCount',
        'profilePicture',
        'uId',
        'userProfile',
        'username',
      ]);
      expect(first.followers[1]).toMatchObject({
        _id: firstFollower.userId,
        followingCount: 1,
        postCount: 0,
        userProfile: { _id: firstFollower.userId, blocked: [] },
      });

      const late = [await signUp(), await signUp()];
      const seenThenBlocked = anchored[3]!;
      const blockedBeforeSeen = anchored[14]!;
      await block(
        viewer,
        everyone.find((user) => user.userId === seenThenBlocked)!,
      );
      await block(
        viewer,
        everyone.find((user) => user.userId === blockedBeforeSeen)!,
      );

      const pages = [ids(first.users)];
      for (let number = 2; number <= 10; number++) {
        const body = await page(viewer, number);
        if (body.users.length === 0) break;
        pages.push(ids(body.users));
      }
      const listed = pages.flat();
      expect(listed).toEqual(anchored.filter((id) => id !== blockedBeforeSeen));
      expect(new Set(listed).size).toBe(listed.length);
      expect(pages.slice(0, -1).every((slice) => slice.length === 12)).toBe(true);
      for (const user of late) expect(listed).not.toContain(user.userId);

      const again = await page(viewer, 1);
      expect(ids(again.users).slice(0, 2)).toEqual([late[1]!.userId, late[0]!.userId]);
      expect(ids(again.users)).not.toContain(seenThenBlocked);
    }, 240_000);

    it('refuses a page that is not a positive whole number', async () => {
      const viewer = await signUp();
      for (const bad of ['0', '-1', 'abc', '1.5']) {
        const response = await api().get(`/api/v1/user/all/${bad}`).set(auth(viewer)).expect(400);
        expect(response.body.message).toBe('Page must be a positive whole number');
      }
    });

    it('answers a page past the end with no users, and remembers nothing for it', async () => {
      const viewer = await signUp();
      for (const number of [900_000, 900_001]) expect((await page(viewer, number)).users).toEqual([]);
      expect(await sut.redis.keys(`list-anchor:${viewer.userId}:users:page:9*`)).toEqual([]);
    });
  });

  describe('profiles', () => {
    it('shows the caller in full, another user without their block lists, and hides unknown or blocked users', async () => {
      const [ann, bob, eve] = [await signUp(), await signUp(), await signUp()];
      await block(ann, eve);
      await blockedBy(bob, ann);
      expect((await api().get('/api/v1/user/profile').set(auth(ann)).expect(200)).body).toMatchObject({
        message: 'Get user profile',
        user: { _id: ann.userId, blocked: [eve.userId], blockedBy: [bob.userId] },
      });
      const carl = await signUp();
      await block(carl, eve);
      const byId = await eventually(
        async () => {
          const response = await api().get(`/api/v1/user/profile/${carl.userId}`).set(auth(ann));
          return response.status === 200 ? response : null;
        },
        10_000,
        "carl's registration to reach the read model",
      );
      expect(byId.body).toMatchObject({
        message: 'Get user profile by id',
        user: { _id: carl.userId, username: carl.username, blocked: [], blockedBy: [] },
      });
      expect(byId.body.user).not.toHaveProperty('password');
      expect(byId.body.user).not.toHaveProperty('notifications');
      for (const hidden of [eve, bob, { userId: 'no-such-user' }]) {
        const response = await api().get(`/api/v1/user/profile/${hidden.userId}`).set(auth(ann)).expect(404);
        expect(response.body).toEqual({ message: 'User not found', status: 'error', statusCode: 404 });
      }
    });

    it("keeps other users' notification settings to themselves: in no list, profile, card or socket message", async () => {
      const [ann, bob] = [await signUp(), await signUp()];
      await api().put('/api/v1/user/profile/settings').set(auth(bob)).send({ follows: false, messages: false }).expect(200);
      const socket = await connectClient(sut.baseUrl, { auth: { token: ann.token } });
      try {
        await api().put(`/api/v1/user/follow/${ann.userId}`).set(auth(bob)).expect(200);
        await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
        const [card] = await socket.waitFor('add follower', (added) => (added as Listed)._id === bob.userId);
        const seenByAnn = [
          card,
          await page(ann, 1),
          (await api().get(`/api/v1/user/profile/${bob.userId}`).set(auth(ann)).expect(200)).body,
          (await api().get(`/api/v1/user/profile/posts/${bob.username}/${bob.userId}/1`).set(auth(ann)).expect(200)).body,
          (await api().get(`/api/v1/user/followers/${ann.userId}`).set(auth(ann)).expect(200)).body,
          (await api().get('/api/v1/user/following').set(auth(ann)).expect(200)).body,
          (await api().get('/api/v1/user/profile/user/suggestions').set(auth(ann)).expect(200)).body,
          (await api().get(`/api/v1/user/profile/search/${bob.username}`).set(auth(ann)).expect(200)).body,
        ];
        expect(JSON.stringify(seenByAnn)).toContain(bob.userId);
        expect(JSON.stringify(seenByAnn)).not.toContain('"notifications"');
        expect((await profileOf(bob)).notifications).toEqual({ messages: false, reactions: true, comments: true, follows: false });
      } finally {
        socket.close();
      }
    });

    it('answers a profile with its posts (none yet), and 404 for a user the caller may not see', async () => {
      const [ann, bob, eve] = [await signUp(), await signUp(), await signUp()];
      await blockedBy(eve, ann);
      const response = await eventually(
        async () => {
          const answer = await api().get(`/api/v1/user/profile/posts/${bob.username}/${bob.userId}/123`).set(auth(ann));
          return answer.status === 200 ? answer : null;
        },
        10_000,
        "bob's registration to reach the read model",
      );
      expect(response.body).toMatchObject({ message: 'Get user profile and posts', user: { _id: bob.userId }, posts: [] });
      await api().get(`/api/v1/user/profile/posts/${eve.username}/${eve.userId}/123`).set(auth(ann)).expect(404);
      await api().get('/api/v1/user/profile/posts/nobody/no-such-user/123').set(auth(ann)).expect(404);
    });
  });

  describe('suggestions', () => {
    it('suggests up to 10 users, never the caller, a followee, or a user blocked either way', async () => {
      while (everyone.length < 16) await signUp();
      const viewer = await signUp();
      const [followee, blockedByViewer, blockingViewer] = [await signUp(), await signUp(), await signUp()];
      await api().put(`/api/v1/user/follow/${followee.userId}`).set(auth(viewer)).expect(200);
      await block(viewer, blockedByViewer);
      await blockedBy(blockingViewer, viewer);
      const excluded = [viewer, followee, blockedByViewer, blockingViewer].map((user) => user.userId);
      const seen = new Set<string>();
      for (let i = 0; i < 15; i++) {
        const { body } = await api().get('/api/v1/user/profile/user/suggestions').set(auth(viewer)).expect(200);
        expect(body.message).toBe('User suggestions');
        expect(body.users).toHaveLength(10);
        expect(new Set(ids(body.users)).size).toBe(10);
        expect(ids(body.users).filter((id) => excluded.includes(id))).toEqual([]);
        for (const id of ids(body.users)) seen.add(id);
      }
      expect(seen.size).toBeGreaterThan(10);
    });
  });

  describe('search', () => {
    it('matches any part of the name in any case, takes special characters literally, and leaves out blocked users', async () => {
      const viewer = await signUp();
      // Usernames hold letters, digits and a few separators: `.` is the one a pattern would misread.
      const dotted = await signUp('q.');
      const plain = await signUp('qzx');
      const blocked = await signUp('qzx');
      await block(viewer, blocked);
      const search = async (query: string) =>
        (
          await api()
            .get(`/api/v1/user/profile/search/${encodeURIComponent(query)}`)
            .set(auth(viewer))
            .expect(200)
        ).body;

      const found = await search(dotted.username.slice(2).toUpperCase());
      expect(found).toEqual({
        message: 'Search results',
        search: [{ _id: dotted.userId, username: dotted.username, email: '', avatarColor: 'red', profilePicture: expect.stringContaining('http') }],
      });
      expect(ids((await search(dotted.username.slice(0, 3).toUpperCase())).search)).toEqual([dotted.userId]);
      expect((await search('.*')).search).toEqual([]);
      expect((await search('[')).search).toEqual([]);
      const byPrefix = ids((await search('QZX')).search);
      expect(byPrefix).toContain(plain.userId);
      expect(byPrefix).not.toContain(blocked.userId);
    });
  });

  describe('editing the profile', () => {
    it('merges partial basic info and social links, null clearing a field, and the caller reads them right after', async () => {
      const user = await signUp();
      await api()
        .put('/api/v1/user/profile/basic-info')
        .set(auth(user))
        .send({ work: 'Acme', quote: 'Hi', school: 'MIT' })
        .expect(200, { message: 'Updated successfully' });
      await api().put('/api/v1/user/profile/basic-info').set(auth(user)).send({ school: null, location: '' }).expect(200);
      await api().put('/api/v1/user/profile/social-links').set(auth(user)).send({ twitter: '@me' }).expect(200, { message: 'Updated successfully' });
      await api().put('/api/v1/user/profile/social-links').set(auth(user)).send({ youtube: 'yt', twitter: null }).expect(200);
      expect(await profileOf(user)).toMatchObject({
        work: 'Acme',
        quote: 'Hi',
        school: '',
        location: '',
        social: { facebook: '', instagram: '', twitter: '', youtube: 'yt' },
      });
    });

    it('merges partial settings and answers the merged settings', async () => {
      const user = await signUp();
      const first = await api().put('/api/v1/user/profile/settings').set(auth(user)).send({ messages: false }).expect(200);
      expect(first.body).toEqual({
        message: 'Notification settings updated successfully',
        settings: { messages: false, reactions: true, comments: true, follows: true },
      });
      const second = await api().put('/api/v1/user/profile/settings').set(auth(user)).send({ follows: false }).expect(200);
      expect(second.body.settings).toEqual({ messages: false, reactions: true, comments: true, follows: false });
      expect((await profileOf(user)).notifications).toEqual({ messages: false, reactions: true, comments: true, follows: false });
    });

    it.each([
      ['basic-info', { work: 'Acme', hobby: 'x' }, '"hobby" is not allowed'],
      ['basic-info', { work: 42 }, '"work" must be a string'],
      ['social-links', { facebook: ['a'] }, '"facebook" must be a string'],
      ['settings', { follows: 'no' }, '"follows" must be a boolean'],
      ['settings', { userId: 'someone-else', follows: false }, '"userId" is not allowed'],
    ])('refuses PUT %s %j with a 400 and changes nothing', async (route, body, message) => {
      const user = await signUp();
      const before = await profileOf(user);
      const response = await api().put(`/api/v1/user/profile/${route}`).set(auth(user)).send(body).expect(400);
      expect(response.body).toEqual({ message, status: 'error', statusCode: 400 });
      expect(await profileOf(user)).toEqual(before);
    });
  });

  describe('changing the password', () => {
    const change = (user: User, body: object, headers: Record<string, string> = {}) =>
      api().put('/api/v1/user/profile/change-password').set(auth(user)).set(headers).send(body);
    const signIn = (user: User, password: string) => api().post('/api/v1/signin').send({ username: user.username, password });
    const status = async (token: string) =>
      (
        await api()
          .get('/api/v1/currentuser')
          .set({ Authorization: `Bearer ${token}` })
      ).status;

    it.each([
      [{ currentPassword: 'nottheone', newPassword: 'newpass1', confirmPassword: 'newpass1' }, 'Invalid credentials'],
      [{ currentPassword: 'qwerty1', newPassword: 'newpass1', confirmPassword: 'newpass2' }, 'Confirm password does not match new password.'],
      [{ currentPassword: 'qwerty1', newPassword: 'abc', confirmPassword: 'abc' }, 'Password must have a minimum length of 4'],
      [{ newPassword: 'newpass1', confirmPassword: 'newpass1' }, 'Password is a required field'],
      [{ currentPassword: 'qwerty1', newPassword: 'newpass1' }, 'Confirm password does not match new password.'],
      [{ currentPassword: 'qwerty1', newPassword: 'newpass1', confirmPassword: 'newpass1', userId: 'x' }, '"userId" is not allowed'],
    ])('refuses %j with a 400 and keeps the old password', async (body, message) => {
      const user = await signUp();
      expect((await change(user, body).expect(400)).body).toEqual({ message, status: 'error', statusCode: 400 });
      await signIn(user, 'qwerty1').expect(200);
    });

    it("keeps the caller's session, ends the user's other sessions, and a retry with the same key gets the first answer", async () => {
      const user = await signUp();
      const other = (await signIn(user, 'qwerty1').expect(200)).body.token as string;
      const body = { currentPassword: 'qwerty1', newPassword: 'newpass1', confirmPassword: 'newpass1' };
      const expected = { message: 'Password updated successfully. You will be redirected shortly to the login page.' };
      await change(user, body, { 'Idempotency-Key': 'change-1' }).expect(200, expected);
      await change(user, body, { 'Idempotency-Key': 'change-1' }).expect(200, expected);
      await eventually(async () => (await status(other)) === 401, 30_000, 'the other session to end');
      expect(await status(user.token)).toBe(200);
      await signIn(user, 'qwerty1').expect(400);
      const fresh = (await signIn(user, 'newpass1').expect(200)).body.token as string;
      expect(await status(fresh)).toBe(200);
      await change(user, body).expect(400);
    });
  });

  it('rebuilds profile.users from position 1 into exactly the read model that was live', async () => {
    const user = await signUp();
    await api().put('/api/v1/user/profile/basic-info').set(auth(user)).send({ quote: 'rebuilt' }).expect(200);
    await api().put('/api/v1/user/profile/settings').set(auth(user)).send({ comments: false }).expect(200);
    // Read-your-writes waits until this commit is in the log; the log is commit-ordered, so every earlier one is too.
    expect((await profileOf(user)).notifications.comments).toBe(false);
    const keys = projectionKeys(USERS_PROJECTION);
    const checkpointOf = async (generation: number) => Number(await sut.redis.get(keys.checkpoint(generation)));
    const live = Number(await sut.redis.get(keys.active));
    const head = await new MongoEventLog(sut.db, eventCatalog()).headPosition();
    await eventually(async () => (await checkpointOf(live)) >= head, 30_000, 'the live generation to catch up');
    const before = await dump(sut, keys.dataPrefix(live));

    const rebuilt = await startRebuild(sut.redis, USERS_PROJECTION, usersProjection.version);
    await eventually(async () => Number(await sut.redis.get(keys.active)) === rebuilt, 20_000, 'the rebuilt generation to go live');
    expect(await dump(sut, keys.dataPrefix(rebuilt))).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThan(everyone.length);
  });
});

/** Every key under a generation's prefix with its content, by logical key. */
const dump = async (sut: TestSystem, prefix: string): Promise<Record<string, unknown>> => {
  const content: Record<string, unknown> = {};
  for (const key of (await sut.redis.keys(`${prefix}*`)).sort()) {
    const type = await sut.redis.type(key);
    const logical = key.slice(prefix.length);
    if (type === 'hash') content[logical] = await sut.redis.hgetall(key);
    else if (type === 'zset') content[logical] = await sut.redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'set') content[logical] = (await sut.redis.smembers(key)).sort();
    else if (type === 'string') content[logical] = await sut.redis.get(key);
    else content[logical] = await sut.redis.lrange(key, 0, -1);
  }
  return content;
};
