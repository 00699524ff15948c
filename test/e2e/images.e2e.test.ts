import { readdir } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { accountStreamId } from '@domain/identity';
import { profileStreamId } from '@domain/profile';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { eventually, startTestSystem, TINY_PNG, type TestSystem } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';

type GalleryImage = {
  _id: string;
  userId: string;
  imgId: string;
  imgVersion: string;
  bgImageId: string;
  bgImageVersion: string;
  url: string;
  createdAt: string;
};

const PNG_BYTES = Buffer.from(TINY_PNG.split(',')[1]!, 'base64');
const dataUrl = (bytes: Buffer, declared = 'image/png') => `data:${declared};base64,${bytes.toString('base64')}`;
/** A PNG (by its first bytes) of `size` bytes. */
const pngOfSize = (size: number) => dataUrl(Buffer.concat([PNG_BYTES, Buffer.alloc(size - PNG_BYTES.length)]));
const MB = 1024 * 1024;
/** How the client builds an image's URL from `imgId`/`imgVersion`, on its own Cloudinary account. */
const clientImageUrl = (image: GalleryImage) => `https://res.cloudinary.com/dyamr9ym3/image/upload/v${image.imgVersion}/${image.imgId}`;

describe('images (contract 2.8) over a real port, media on the local disk', () => {
  let sut: TestSystem;
  const api = () => request(sut.baseUrl);
  const signUp = () => signUpUser(sut.baseUrl, 'i');
  const store = () => new MongoEventStore(sut.db, eventCatalog());

  beforeAll(async () => {
    sut = await startTestSystem();
  });
  afterAll(() => sut.stop());

  const gallery = async (viewer: TestUser, owner: TestUser = viewer): Promise<GalleryImage[]> => {
    const response = await api().get(`/api/v1/images/${owner.userId}`).set(bearer(viewer)).expect(200);
    expect(response.body.message).toBe('User images');
    return response.body.images;
  };
  const currentUser = async (user: TestUser) => (await api().get('/api/v1/currentuser').set(bearer(user)).expect(200)).body.user;
  /** The user's newest post, as the feed shows it. */
  const newestPostOf = async (user: TestUser): Promise<{ _id: string; imgId: string }> => {
    const { posts } = (await api().get('/api/v1/post/all/1').set(bearer(user)).expect(200)).body as {
      posts: Array<{ _id: string; userId: string; imgId: string }>;
    };
    return posts.find((post) => post.userId === user.userId)!;
  };
  const postImage = (user: TestUser, kind: 'profile' | 'background', image: unknown) => api().post(`/api/v1/images/${kind}`).set(bearer(user)).send({ image });
  /** What a refusal must leave as it was: the user's streams, gallery, document and stored files. */
  const footprint = async (user: TestUser) => ({
    account: (await store().readStream(accountStreamId(user.userId))).version,
    profile: (await store().readStream(profileStreamId(user.userId))).version,
    gallery: await gallery(user),
    user: await currentUser(user),
    files: (await readdir(path.join(sut.config.dataDir, 'media'), { recursive: true })).filter((file) => file.includes(user.userId)),
  });

  it.each([
    ['get', '/api/v1/images/someone'],
    ['post', '/api/v1/images/profile'],
    ['post', '/api/v1/images/background'],
    ['delete', '/api/v1/images/someone'],
    ['delete', '/api/v1/images/background/backgrounds/someone/1'],
  ] as const)('asks for a session on %s %s', async (method, route) => {
    const response = await api()[method](route).send({ image: TINY_PNG }).expect(401);
    expect(response.body).toEqual({ message: 'Token is not available. Please login again.', status: 'error', statusCode: 401 });
  });

  describe('the profile picture', () => {
    it('is stored, shown by the user document and at sign-in, served with its type, and listed first in the gallery', async () => {
      const ann = await signUp();
      const before = await currentUser(ann);

      await postImage(ann, 'profile', TINY_PNG).expect(200, { message: 'Image added successfully' });

      const { profilePicture } = await currentUser(ann);
      expect(profilePicture).not.toBe(before.profilePicture);
      expect(profilePicture).toMatch(new RegExp(`^${sut.baseUrl}/media/profile-pictures/${ann.userId}/[^/]+\\.png\\?v=\\d+$`));
      const served = await request(profilePicture).get('').buffer(true).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(Buffer.from(served.body as Buffer)).toEqual(PNG_BYTES);

      const signedIn = await api().post('/api/v1/signin').send({ username: ann.username, password: ann.password }).expect(200);
      expect(signedIn.body.user.profilePicture).toBe(profilePicture);

      const [image, ...others] = await gallery(ann);
      expect(others).toEqual([]);
      expect(Object.keys(image!).sort()).toEqual(['_id', 'bgImageId', 'bgImageVersion', 'createdAt', 'imgId', 'imgVersion', 'url', 'userId']);
      expect(image).toMatchObject({ userId: ann.userId, url: profilePicture, bgImageId: '', bgImageVersion: '', imgVersion: expect.stringMatching(/^\d+$/) });
      expect(image!.imgId).toMatch(new RegExp(`^profile-pictures/${ann.userId}/`));
      expect(image!._id).toMatch(/^[0-9a-f]{24}$/);

      await postImage(ann, 'profile', TINY_PNG).expect(200);
      const second = await currentUser(ann);
      expect(second.profilePicture).not.toBe(profilePicture);
      expect((await gallery(ann)).map((listed) => listed.url)).toEqual([second.profilePicture, profilePicture]);
    });
  });

  describe('the background image', () => {
    it('is set from an upload (listed in the gallery) and removed again (gone from the gallery)', async () => {
      const ann = await signUp();
      await postImage(ann, 'background', TINY_PNG).expect(200, { message: 'Image added successfully' });

      const user = await currentUser(ann);
      expect(user.bgImageId).toMatch(new RegExp(`^backgrounds/${ann.userId}/`));
      expect(user.bgImageVersion).toMatch(/^\d+$/);
      expect(user.bgImageUrl).toContain(`/media/${user.bgImageId}.png`);
      const [listed] = await gallery(ann);
      expect(listed).toMatchObject({ bgImageId: user.bgImageId, bgImageVersion: user.bgImageVersion, imgId: user.bgImageId, url: user.bgImageUrl });
      const seenByOthers = await api()
        .get(`/api/v1/user/profile/${ann.userId}`)
        .set(bearer(await signUp()))
        .expect(200);
      expect(seenByOthers.body.user).toMatchObject({ bgImageId: user.bgImageId, bgImageVersion: user.bgImageVersion });

      await api().delete(`/api/v1/images/background/${user.bgImageId}`).set(bearer(ann)).expect(200, { message: 'Image deleted successfully' });
      expect(await currentUser(ann)).toMatchObject({ bgImageId: '', bgImageVersion: '', bgImageUrl: '' });
      expect(await gallery(ann)).toEqual([]);
      const again = await api().delete(`/api/v1/images/background/${user.bgImageId}`).set(bearer(ann)).expect(404);
      expect(again.body.message).toBe('Background image not found');
    });

    it('reuses one of the own gallery images from the URL the client builds, without listing it twice', async () => {
      const ann = await signUp();
      await postImage(ann, 'profile', TINY_PNG).expect(200);
      const [picture] = await gallery(ann);

      await postImage(ann, 'background', clientImageUrl(picture!)).expect(200);
      expect(await currentUser(ann)).toMatchObject({ bgImageId: picture!.imgId, bgImageVersion: picture!.imgVersion, bgImageUrl: picture!.url });
      await postImage(ann, 'background', picture!.url).expect(200);
      expect(await gallery(ann)).toEqual([picture]);

      // Removing a reused background keeps the image in the gallery: it was listed for what it was first.
      await api().delete(`/api/v1/images/background/${picture!.imgId}`).set(bearer(ann)).expect(200);
      expect((await currentUser(ann)).bgImageId).toBe('');
      expect(await gallery(ann)).toEqual([picture]);
    });

    it("refuses another user's image, any other URL, and removing a background that is not the current one", async () => {
      const [ann, bob] = [await signUp(), await signUp()];
      await postImage(bob, 'profile', TINY_PNG).expect(200);
      const [bobsPicture] = await gallery(bob);
      await postImage(ann, 'background', TINY_PNG).expect(200);
      const before = await footprint(ann);

      for (const image of [clientImageUrl(bobsPicture!), bobsPicture!.url, 'https://example.com/cat.png', 'javascript:alert(1)', 'not a url']) {
        const response = await postImage(ann, 'background', image).expect(400);
        expect(response.body.message).toBe('Background image must be an uploaded image or one of your gallery images.');
      }
      const notCurrent = await api().delete(`/api/v1/images/background/${bobsPicture!.imgId}`).set(bearer(ann)).expect(404);
      expect(notCurrent.body.message).toBe('Background image not found');
      expect(await footprint(ann)).toEqual(before);
    });
  });

  describe('the gallery', () => {
    it('lets the owner take an image out, answers 403 to anyone else and 404 for an unknown image', async () => {
      const [ann, bob] = [await signUp(), await signUp()];
      await postImage(ann, 'profile', TINY_PNG).expect(200);
      await postImage(ann, 'profile', TINY_PNG).expect(200);
      const [newest, oldest] = (await gallery(ann)) as [GalleryImage, GalleryImage];

      const forbidden = await api().delete(`/api/v1/images/${newest._id}`).set(bearer(bob)).expect(403);
      expect(forbidden.body).toEqual({ message: 'You can only delete your own images.', status: 'error', statusCode: 403 });
      expect(await gallery(ann)).toEqual([newest, oldest]);
      const unknown = await api().delete('/api/v1/images/0123456789abcdef01234567').set(bearer(ann)).expect(404);
      expect(unknown.body.message).toBe('Image not found');

      await api().delete(`/api/v1/images/${oldest._id}`).set(bearer(ann)).expect(200, { message: 'Image deleted successfully' });
      expect(await gallery(ann)).toEqual([newest]);
      await eventually(async () => (await gallery(bob, ann)).length === 1, 30_000, "the removal to reach Bob's reads");
      expect(await gallery(bob, ann)).toEqual([newest]);
      await api().delete(`/api/v1/images/${oldest._id}`).set(bearer(ann)).expect(404);
      // The picture in use stays in use when it leaves the gallery.
      await api().delete(`/api/v1/images/${newest._id}`).set(bearer(ann)).expect(200);
      expect((await currentUser(ann)).profilePicture).toBe(newest.url);
    });

    it('is empty for users who block each other, either way, and for an unknown user', async () => {
      const [ann, blocker, blocked] = [await signUp(), await signUp(), await signUp()];
      await postImage(ann, 'profile', TINY_PNG).expect(200);
      await api().put(`/api/v1/user/block/${ann.userId}`).set(bearer(blocker)).expect(200);
      await api().put(`/api/v1/user/block/${blocked.userId}`).set(bearer(ann)).expect(200);

      expect(await gallery(blocker, ann)).toEqual([]);
      // Ann's block is Ann's write: the user she blocks sees it once the graph read model has it.
      await eventually(async () => (await gallery(blocked, ann)).length === 0, 30_000, 'the block to reach the read model');
      expect(await gallery(ann)).toHaveLength(1);
      const unknown = await api().get('/api/v1/images/nobody-at-all').set(bearer(ann)).expect(200);
      expect(unknown.body).toEqual({ message: 'User images', images: [] });
    });

    it("lists a post's image as long as the post shows it and its owner keeps it, to those who may see the post", async () => {
      const [ann, follower, stranger] = [await signUp(), await signUp(), await signUp()];
      await api().put(`/api/v1/user/follow/${ann.userId}`).set(bearer(follower)).expect(200);
      const fields = { post: 'look', bgColor: '', feelings: '', gifUrl: '', profilePicture: '' };
      await api()
        .post('/api/v1/post/image/post')
        .set(bearer(ann))
        .send({ ...fields, privacy: 'Followers', image: TINY_PNG })
        .expect(201);
      const post = await newestPostOf(ann);
      const [image] = await gallery(ann);
      expect(image!.imgId).toBe(post.imgId);
      // Ann's post is Ann's write: others see it once the gallery read model has it.
      await eventually(async () => (await gallery(follower, ann)).length === 1, 30_000, "the post to reach the follower's reads");
      expect(await gallery(follower, ann)).toEqual([image]);
      expect(await gallery(stranger, ann)).toEqual([]);

      await api().put(`/api/v1/post/${post._id}`).set(bearer(ann)).send({ post: 'edited', privacy: 'Public' }).expect(200);
      expect(await gallery(ann)).toEqual([image]);
      await eventually(async () => (await gallery(stranger, ann)).length === 1, 30_000, "the edit to reach the stranger's reads");
      expect(await gallery(stranger, ann)).toEqual([image]);

      await api().delete(`/api/v1/images/${image!._id}`).set(bearer(ann)).expect(200);
      await api().put(`/api/v1/post/${post._id}`).set(bearer(ann)).send({ post: 'edited again' }).expect(200);
      expect(await gallery(ann)).toEqual([]);
      expect(await newestPostOf(ann)).toMatchObject({ _id: post._id, imgId: post.imgId });

      await api()
        .put(`/api/v1/post/image/${post._id}`)
        .set(bearer(ann))
        .send({ ...fields, image: TINY_PNG })
        .expect(200);
      const [replacement] = await gallery(ann);
      expect(replacement!.imgId).not.toBe(post.imgId);
      await api().delete(`/api/v1/post/${post._id}`).set(bearer(ann)).expect(200);
      expect(await gallery(ann)).toEqual([]);
    });

    it("takes a post's image down as background once the post no longer shows it (its file is removed)", async () => {
      const ann = await signUp();
      await api().post('/api/v1/post/image/post').set(bearer(ann)).send({ post: 'sunset', privacy: 'Public', image: TINY_PNG }).expect(201);
      const [image] = await gallery(ann);
      await postImage(ann, 'background', clientImageUrl(image!)).expect(200);
      expect((await currentUser(ann)).bgImageId).toBe(image!.imgId);
      const post = await newestPostOf(ann);

      await api().delete(`/api/v1/post/${post._id}`).set(bearer(ann)).expect(200);
      await eventually(async () => (await currentUser(ann)).bgImageId === '', 30_000, 'the background to follow the deleted post');
      expect(await currentUser(ann)).toMatchObject({ bgImageId: '', bgImageVersion: '', bgImageUrl: '' });
    });
  });

  describe('bad input: refused before anything is appended or stored', () => {
    const both = ['profile', 'background'] as const;
    it.each([
      ['no image', {}, both, 400, 'Image is a required field'],
      ['an empty image', { image: '' }, both, 400, 'Image is a required field'],
      ['an image that is not a string', { image: 42 }, both, 400, 'Image should be a type of string'],
      ['another field', { image: TINY_PNG, userId: 'someone' }, both, 400, '"userId" is not allowed'],
      // For a background, a URL names a gallery image (tested above).
      ['a URL instead of data', { image: 'https://example.com/cat.png' }, ['profile'], 400, 'File upload: Error occurred. Try again.'],
      ['text that claims to be a PNG', { image: dataUrl(Buffer.from('<svg onload=alert(1)>')) }, both, 400, 'File upload: Error occurred. Try again.'],
      ['a video', { image: dataUrl(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]), 'video/webm') }, both, 400, 'File upload: Error occurred. Try again.'],
      ['an image just past 5 MB', { image: pngOfSize(5 * MB + 1) }, both, 413, 'Image is too large: at most 5 MB.'],
      ['a body far past the limit', { image: pngOfSize(6 * MB) }, both, 413, 'Request body is too large.'],
    ] as const)('refuses %s', async (_what, body, kinds, status, message) => {
      const ann = await signUp();
      await postImage(ann, 'background', TINY_PNG).expect(200);
      const before = await footprint(ann);
      for (const kind of kinds) {
        const response = await api().post(`/api/v1/images/${kind}`).set(bearer(ann)).send(body).expect(status);
        expect(response.body).toEqual({ message, status: 'error', statusCode: status });
      }
      expect(await footprint(ann)).toEqual(before);
    });

    it('takes an image of exactly 5 MB', async () => {
      const ann = await signUp();
      await postImage(ann, 'profile', pngOfSize(5 * MB)).expect(200);
      expect(await gallery(ann)).toHaveLength(1);
    });
  });
});
