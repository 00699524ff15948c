import { readdir } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventually, startTestSystem, TINY_PNG, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';

type User = TestUser;
type Post = Record<string, unknown> & { _id: string; post: string; privacy: string };

/** The first bytes of an MP4 file (`ftyp` at offset 4), as a data URL. */
const TINY_MP4 = `data:video/mp4;base64,${Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(16)]).toString('base64')}`;
const TEXT_AS_PNG = `data:image/png;base64,${Buffer.from('not an image at all').toString('base64')}`;

describe('posts and feeds (contract 2.4) over a real port', () => {
  let sut: TestSystem;
  const api = () => request(sut.baseUrl);
  const clients: RecordingClient[] = [];

  beforeAll(async () => {
    sut = await startTestSystem();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => sut.stop());

  const signUp = () => signUpUser(sut.baseUrl, 'p');
  const publish = async (author: User, fields: Record<string, unknown> = {}, route = '/post'): Promise<Post> => {
    const text = `post ${Math.random().toString(36).slice(2)}`;
    await api()
      .post(`/api/v1${route}`)
      .set(bearer(author))
      .send({ post: text, privacy: 'Public', ...fields })
      .expect(201);
    // Read-your-writes: the author's own feed has it at once.
    const mine = await feed(author, 'all', 1);
    const created = mine.posts.find((post) => post.post === (fields.post ?? text));
    if (!created) throw new Error(`the author's feed does not show the new post: ${JSON.stringify(mine.posts.map((post) => post.post))}`);
    return created;
  };
  const feed = async (reader: User, kind: 'all' | 'images' | 'videos', page: number): Promise<{ posts: Post[]; totalPosts?: number }> =>
    (await api().get(`/api/v1/post/${kind}/${page}`).set(bearer(reader)).expect(200)).body;
  const ids = (posts: readonly Post[]) => posts.map((post) => post._id);
  const profilePosts = async (viewer: User, owner: User): Promise<Post[]> =>
    (await api().get(`/api/v1/user/profile/posts/${owner.username}/${owner.userId}/${owner.uId}`).set(bearer(viewer)).expect(200)).body.posts;
  const postsCount = async (user: User): Promise<number> => (await api().get('/api/v1/currentuser').set(bearer(user)).expect(200)).body.user.postsCount;
  const follow = (from: User, to: User) => api().put(`/api/v1/user/follow/${to.userId}`).set(bearer(from)).expect(200);
  const block = (from: User, to: User) => api().put(`/api/v1/user/block/${to.userId}`).set(bearer(from)).expect(200);
  const socketOf = async (user: User) => {
    const client = await connectClient(sut.baseUrl, { auth: { token: user.token } });
    clients.push(client);
    return client;
  };
  /** Every reader's view of a post, through every read path. */
  const sees = async (reader: User, author: User, post: Post): Promise<boolean> => {
    const [all, profile] = await Promise.all([feed(reader, 'all', 1), profilePosts(reader, author).catch(() => [] as Post[])]);
    const inFeed = ids(all.posts).includes(post._id);
    const onProfile = ids(profile).includes(post._id);
    if (inFeed !== onProfile) throw new Error(`feed (${inFeed}) and profile page (${onProfile}) disagree`);
    return inFeed;
  };

  it('publishes a text post with the contract document, newest first, counted on the author', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const first = await publish(ann, { bgColor: '#ffcc00', feelings: 'happy' });
    const second = await publish(ann);
    expect(first).toMatchObject({
      userId: ann.userId,
      username: ann.username,
      bgColor: '#ffcc00',
      feelings: 'happy',
      privacy: 'Public',
      commentsCount: 0,
      reactions: { like: 0, love: 0, happy: 0, wow: 0, sad: 0, angry: 0 },
      imgId: '',
      videoId: '',
    });
    expect(first).not.toHaveProperty('email');
    expect(new Date(String(first.createdAt)).getTime()).toBeGreaterThan(0);
    const page = await feed(ann, 'all', 1);
    expect(ids(page.posts).indexOf(second._id)).toBeLessThan(ids(page.posts).indexOf(first._id));
    expect(await postsCount(ann)).toBe(2);
    await eventually(async () => ids((await feed(bob, 'all', 1)).posts).includes(second._id));
    expect(ids(await profilePosts(bob, ann))).toEqual([second._id, first._id]);
    const card = (await api().get(`/api/v1/user/profile/${ann.userId}`).set(bearer(bob)).expect(200)).body.user;
    expect(card.postsCount).toBe(2);
  });

  it('creates one post for a request retried with the same Idempotency-Key', async () => {
    const ann = await signUp();
    const send = () =>
      api().post('/api/v1/post/image/post').set(bearer(ann)).set('Idempotency-Key', 'retry-1').send({ post: 'once', image: TINY_PNG }).expect(201);
    await send();
    await send();
    expect(await postsCount(ann)).toBe(1);
    expect((await feed(ann, 'all', 1)).posts.filter((post) => post.post === 'once')).toHaveLength(1);
  });

  it('keeps image and video posts in their feeds, with ids, versions and URLs that serve the media', async () => {
    const ann = await signUp();
    const withImage = await publish(ann, { image: TINY_PNG }, '/post/image/post');
    const withVideo = await publish(ann, { video: TINY_MP4 }, '/post/video/post');
    expect(withImage).toMatchObject({ imgId: expect.stringMatching(/^posts\//), imgVersion: expect.any(String), videoId: '' });
    expect(withVideo).toMatchObject({ videoId: expect.stringMatching(/^posts\//), videoVersion: expect.any(String), imgId: '' });
    const image = await request(String(withImage.imageUrl)).get('').expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    const video = await request(String(withVideo.videoUrl)).get('').expect(200);
    expect(video.headers['content-type']).toBe('video/mp4');
    expect(ids((await feed(ann, 'images', 1)).posts)).toContain(withImage._id);
    expect(ids((await feed(ann, 'images', 1)).posts)).not.toContain(withVideo._id);
    expect(ids((await feed(ann, 'videos', 1)).posts)).toEqual([withVideo._id, ...ids((await feed(ann, 'videos', 1)).posts).slice(1)]);
    expect(ids((await feed(ann, 'videos', 1)).posts)).not.toContain(withImage._id);
  });

  it('shows Public to all, Followers to followers, Private to the author, and nothing across a block, on every path', async () => {
    const [ann, follower, stranger] = [await signUp(), await signUp(), await signUp()];
    await follow(follower, ann);
    const open = await publish(ann, { privacy: 'Public' });
    const forFollowers = await publish(ann, { privacy: 'Followers', image: TINY_PNG }, '/post/image/post');
    const secret = await publish(ann, { privacy: 'Private' });
    await eventually(async () => ids((await feed(stranger, 'all', 1)).posts).includes(open._id));
    expect(await sees(follower, ann, forFollowers)).toBe(true);
    expect(await sees(stranger, ann, forFollowers)).toBe(false);
    expect(await sees(follower, ann, secret)).toBe(false);
    expect(await sees(ann, ann, secret)).toBe(true);
    expect(ids((await feed(stranger, 'images', 1)).posts)).not.toContain(forFollowers._id);
    expect(ids((await feed(follower, 'images', 1)).posts)).toContain(forFollowers._id);

    const totals = async () => Promise.all([ann, follower, stranger].map(async (user) => (await feed(user, 'all', 1)).totalPosts));
    const before = await totals();
    await block(ann, follower);
    await eventually(async () => !(await sees(follower, ann, open)));
    expect(await sees(follower, ann, forFollowers)).toBe(false);
    const after = await totals();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]! - 2); // the public post and the followers-only one
    expect(after[2]).toBe(before[2]);
  });

  it('counts totalPosts as what each reader may see', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const baseline = async (user: User) => (await feed(user, 'all', 1)).totalPosts!;
    const [annBefore, bobBefore] = [await baseline(ann), await baseline(bob)];
    await publish(ann, { privacy: 'Public' });
    await publish(ann, { privacy: 'Followers' });
    await publish(ann, { privacy: 'Private' });
    expect(await baseline(ann)).toBe(annBefore + 3);
    await eventually(async () => (await baseline(bob)) === bobBefore + 1);
    await follow(bob, ann);
    expect(await baseline(bob)).toBe(bobBefore + 2);
  });

  it('lets only the author edit: text edits keep the video, a new image replaces the old one, which is removed', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const video = await publish(ann, { video: TINY_MP4 }, '/post/video/post');
    await api().put(`/api/v1/post/${video._id}`).set(bearer(bob)).send({ post: 'hijacked' }).expect(403);
    await api()
      .put('/api/v1/post/no-such-post')
      .set(bearer(ann))
      .send({ post: 'x' })
      .expect(404, { message: 'Post not found', status: 'error', statusCode: 404 });
    await api()
      .put(`/api/v1/post/${video._id}`)
      .set(bearer(ann))
      .send({ post: 'new words', videoId: '', videoVersion: '', imgId: '', imgVersion: '' })
      .expect(200, { message: 'Post updated successfully' });
    const edited = (await feed(ann, 'all', 1)).posts.find((post) => post._id === video._id)!;
    expect(edited).toMatchObject({ post: 'new words', videoId: video.videoId, videoVersion: video.videoVersion });

    const image = await publish(ann, { image: TINY_PNG }, '/post/image/post');
    await api()
      .put(`/api/v1/post/image/${image._id}`)
      .set(bearer(ann))
      .send({ post: 'kept image', imgId: image.imgId, imgVersion: image.imgVersion })
      .expect(200);
    expect((await feed(ann, 'all', 1)).posts.find((post) => post._id === image._id)).toMatchObject({ post: 'kept image', imgId: image.imgId });
    await api()
      .put(`/api/v1/post/image/${image._id}`)
      .set(bearer(ann))
      .send({ image: TINY_PNG })
      .expect(200, { message: 'Post with image updated successfully' });
    const replaced = (await feed(ann, 'all', 1)).posts.find((post) => post._id === image._id)!;
    expect(replaced.imgId).not.toBe(image.imgId);
    await request(String(replaced.imageUrl)).get('').expect(200);
    await eventually(async () => (await request(String(image.imageUrl)).get('')).status === 404);

    await api()
      .put(`/api/v1/post/video/${image._id}`)
      .set(bearer(ann))
      .send({ video: TINY_MP4 })
      .expect(200, { message: 'Post with video updated successfully' });
    expect(ids((await feed(ann, 'videos', 1)).posts)).toContain(image._id);
    expect(ids((await feed(ann, 'images', 1)).posts)).not.toContain(image._id);
  });

  it('lets only the author delete, and removes the post from every feed, the count and storage', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const post = await publish(ann, { image: TINY_PNG }, '/post/image/post');
    await api().delete(`/api/v1/post/${post._id}`).set(bearer(bob)).expect(403);
    expect(await postsCount(ann)).toBe(1);
    await api().delete(`/api/v1/post/${post._id}`).set(bearer(ann)).expect(200, { message: 'Post deleted successfully' });
    expect(await postsCount(ann)).toBe(0);
    for (const kind of ['all', 'images'] as const) expect(ids((await feed(ann, kind, 1)).posts)).not.toContain(post._id);
    expect(await profilePosts(ann, ann)).toEqual([]);
    await eventually(async () => (await request(String(post.imageUrl)).get('')).status === 404);
    await api().delete(`/api/v1/post/${post._id}`).set(bearer(ann)).expect(404);
  });

  it('pages without overlap or gap while others post and delete between page reads', async () => {
    const [reader, author] = [await signUp(), await signUp()];
    for (let i = 0; i < 35; i++)
      await api()
        .post('/api/v1/post')
        .set(bearer(author))
        .send({ post: `early ${i}` })
        .expect(201);
    // Oldest first, from the author's profile page (newest first, read once their own writes are in).
    const early = (await profilePosts(author, author)).reverse();
    expect(early.map((post) => post.post)).toEqual(Array.from({ length: 35 }, (_, i) => `early ${i}`));
    await eventually(async () => ids((await feed(reader, 'all', 1)).posts).includes(early.at(-1)!._id));
    const seen: string[] = [];
    const deleted = new Set<string>();
    const late: string[] = [];
    const remove = async (post: Post | undefined) => {
      if (!post || deleted.has(post._id)) return;
      await api().delete(`/api/v1/post/${post._id}`).set(bearer(author)).expect(200);
      deleted.add(post._id);
    };
    for (let page = 1; page <= 5; page++) {
      seen.push(...ids((await feed(reader, 'all', page)).posts));
      // Between two page reads: a new post at the head, one already seen deleted, and one of the next page deleted.
      late.push((await publish(author, { post: `late ${page}` }))._id);
      await remove(early[34 - 10 * page + 2]);
      await remove(early[34 - 10 * page - 3]);
    }
    expect(new Set(seen).size).toBe(seen.length);
    const unseen = early.filter((post) => !deleted.has(post._id) && !seen.includes(post._id));
    expect(unseen.map((post) => post.post)).toEqual([]);
    // Newer posts are on page 1 of a new reading, not in the middle of this one.
    expect(seen.filter((id) => late.includes(id))).toEqual([]);
  }, 180_000);

  it('sends add, update and delete post only to the readers allowed to see the post', async () => {
    const [ann, follower, stranger, blocked] = [await signUp(), await signUp(), await signUp(), await signUp()];
    await follow(follower, ann);
    await block(blocked, ann);
    const [annSocket, followerSocket, strangerSocket, blockedSocket] = [
      await socketOf(ann),
      await socketOf(follower),
      await socketOf(stranger),
      await socketOf(blocked),
    ];
    const hasPost = (text: string) => (post: unknown) => (post as Post).post === text;

    await publish(ann, { post: 'for followers', privacy: 'Followers' });
    await publish(ann, { post: 'secret', privacy: 'Private' });
    await publish(ann, { post: 'for all', privacy: 'Public' });
    await annSocket.waitFor('add post', hasPost('for all'));
    await followerSocket.waitFor('add post', hasPost('for all'));
    await strangerSocket.waitFor('add post', hasPost('for all'));
    // Messages go out in log order: once "for all" arrived, the earlier two were sent, or not, to each socket.
    await annSocket.waitFor('add post', hasPost('secret'));
    await followerSocket.waitFor('add post', hasPost('for followers'));
    const added = (client: RecordingClient) =>
      client.received.filter((message) => message.event === 'add post').map((message) => (message.args[0] as Post).post);
    expect(added(followerSocket)).not.toContain('secret');
    expect(added(strangerSocket)).toEqual(['for all']);
    // A later post by someone else reaches the blocked user: by then Ann's three were sent, or not, to them too.
    await publish(stranger, { post: 'from a stranger' });
    await blockedSocket.waitFor('add post', hasPost('from a stranger'));
    expect(added(blockedSocket)).toEqual(['from a stranger']);

    const open = (await feed(ann, 'all', 1)).posts.find((post) => post.post === 'for all')!;
    await api().put(`/api/v1/post/${open._id}`).set(bearer(ann)).send({ post: 'now private', privacy: 'Private' }).expect(200);
    await annSocket.waitFor('update post', (post, list) => (post as Post).post === 'now private' && list === 'posts');
    await strangerSocket.waitFor('delete post', (id) => id === open._id);
    expect(strangerSocket.received.filter((message) => message.event === 'update post')).toEqual([]);
    await api().delete(`/api/v1/post/${open._id}`).set(bearer(ann)).expect(200);
    await followerSocket.waitFor('delete post', (id) => id === open._id, { after: followerSocket.received.findIndex((m) => m.event === 'delete post') + 1 });
  });

  describe('refuses bad input and callers who may not act, changing nothing', () => {
    let ann: User;
    beforeAll(async () => {
      ann = await signUp();
    });
    const refused = async (method: 'post' | 'put', route: string, body: unknown, status: number, message: string | RegExp) => {
      const url = `/api/v1${route}`;
      const response = await (method === 'post' ? api().post(url) : api().put(url)).set(bearer(ann)).send(body as object);
      expect(response.status).toBe(status);
      expect(response.body.message).toMatch(message);
    };

    it.each([
      ['/post', { post: 'x', privacy: 'Friends' }, /"privacy" must be one of Public, Followers, Private/],
      ['/post', { post: 'x', unknown: 1 }, '"unknown" is not allowed'],
      ['/post', { post: 'x', bgColor: 'url(javascript:alert(1))' }, '"bgColor" must be a colour'],
      ['/post', { post: 'x', gifUrl: 'javascript:alert(1)' }, '"gifUrl" must be a web link (http or https)'],
      ['/post', { post: 'x', feelings: 'angry' }, /"feelings" must be one of/],
      ['/post', { post: 'x'.repeat(1001) }, '"post" length must be less than or equal to 1000 characters long'],
      ['/post', { post: 12 }, '"post" must be a string'],
      ['/post', { post: '  ' }, 'A post needs text, a GIF, an image or a video.'],
      ['/post/image/post', { post: 'x' }, 'Image is a required field'],
      ['/post/image/post', { post: 'x', image: '' }, 'Image property is not allowed to be empty'],
      ['/post/image/post', { post: 'x', image: 'https://example.com/cat.png' }, 'File upload: Error occurred. Try again.'],
      ['/post/image/post', { post: 'x', image: TEXT_AS_PNG }, 'File upload: Error occurred. Try again.'],
      ['/post/image/post', { post: 'x', image: TINY_MP4 }, 'File upload: Error occurred. Try again.'],
      ['/post/video/post', { post: 'x' }, 'Video is required'],
      ['/post/video/post', { post: 'x', video: TINY_PNG }, 'File upload: Error occurred. Try again.'],
    ])('POST %s, case %#', async (route, body, message) => {
      const storedMedia = () => readdir(path.join(sut.config.dataDir, 'media', 'posts')).catch(() => [] as string[]);
      const before = await storedMedia();
      await refused('post', route, body, 400, message);
      expect(await postsCount(ann)).toBe(0);
      expect(await storedMedia()).toEqual(before);
    });

    it('refuses bad edits, bad pages, and callers without a session', async () => {
      const post = await publish(ann, { post: 'original' });
      await refused('put', `/post/${post._id}`, { privacy: 'Everyone' }, 400, /"privacy" must be one of/);
      await refused('put', `/post/image/${post._id}`, { image: TEXT_AS_PNG }, 400, 'File upload: Error occurred. Try again.');
      expect((await feed(ann, 'all', 1)).posts.find((p) => p._id === post._id)).toMatchObject({ post: 'original', privacy: 'Public', imgId: '' });
      for (const page of ['0', '-1', 'abc', '1.5', '1e3', '99999999']) {
        expect((await api().get(`/api/v1/post/all/${page}`).set(bearer(ann)).expect(400)).body.message).toBe('Page must be a positive whole number');
      }
      expect((await feed(ann, 'all', 999)).posts).toEqual([]);
      await api().get('/api/v1/post/all/1').expect(401);
      await api().post('/api/v1/post').send({ post: 'anonymous' }).expect(401);
      await api().put(`/api/v1/post/${post._id}`).send({ post: 'anonymous' }).expect(401);
      await api().delete(`/api/v1/post/${post._id}`).expect(401);
      expect(await postsCount(ann)).toBe(1);
      await api().delete(`/api/v1/post/${post._id}`).set(bearer(ann)).expect(200);
    });
  });
});
