import type { AccountEvent } from '@domain/identity';
import type { PostContent, PostEvent, PostMedia } from '@domain/posts';
import type { ProfileEvent } from '@domain/profile';
import { rm, type ReadModelWrite } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import { galleryImageIdOf, galleryProjection } from './gallery.projection';

const at = '2026-01-01T00:00:00.000Z';
const later = '2026-01-02T00:00:00.000Z';
const spec = specifyProjection(galleryProjection);
const idOf = (imageId: string) => galleryImageIdOf('ann', imageId);

const pictureChanged = (imageId: string): AccountEvent => ({
  type: 'ProfilePictureChanged',
  data: { userId: 'ann', profilePicture: `https://media/${imageId}.png`, imageId, imgVersion: '11', changedAt: at },
});
const backgroundChanged = (imageId: string, source: 'upload' | 'gallery'): ProfileEvent => ({
  type: 'BackgroundImageChanged',
  data: { userId: 'ann', imageId, imgVersion: '12', url: `https://media/${imageId}.png`, source, changedAt: at },
});
const image = (id: string): PostMedia => ({ id, version: '13', url: `https://media/${id}.png` });
const content = (media: Partial<Pick<PostContent, 'image' | 'video'>> = {}, privacy: PostContent['privacy'] = 'Public'): PostContent => ({
  post: 'hello',
  bgColor: '',
  privacy,
  feelings: '',
  gifUrl: '',
  image: null,
  video: null,
  ...media,
});
const created = (postId: string, media: PostContent['image']): PostEvent => ({
  type: 'PostCreated',
  data: { postId, authorId: 'ann', ...content({ image: media }), createdAt: at },
});
type MediaRef = { id: string; kind: 'image' | 'video' };
const edited = (postId: string, after: PostContent, media: { added?: MediaRef[]; replaced?: MediaRef[] } = {}): PostEvent => ({
  type: 'PostEdited',
  data: { postId, authorId: 'ann', ...after, addedMedia: media.added ?? [], replacedMedia: media.replaced ?? [], createdAt: at, editedAt: later },
});
const deleted = (postId: string, media: MediaRef[]): PostEvent => ({
  type: 'PostDeleted',
  data: { postId, authorId: 'ann', media, deletedAt: later },
});
const takenOut = (imageId: string, postId: string | null): ProfileEvent => ({
  type: 'GalleryImageRemoved',
  data: { userId: 'ann', imageId, postId, removedAt: later },
});

const document = (imageId: string, version: string, fields: Record<string, string> = {}) => ({
  _id: idOf(imageId),
  userId: 'ann',
  imgId: imageId,
  imgVersion: version,
  bgImageId: '',
  bgImageVersion: '',
  url: `https://media/${imageId}.png`,
  createdAt: at,
  postId: '',
  privacy: '',
  ...fields,
});

/**
 * The writes applied as the batch script applies them (a write with `onlyIfExists` is skipped when that key is absent),
 * on a map of keys: enough to follow what a user's gallery lists after a run of events.
 */
const keysAfter = (events: Array<AccountEvent | ProfileEvent | PostEvent>): Map<string, unknown> => {
  const keys = new Map<string, unknown>();
  for (const [index, event] of events.entries()) {
    for (const write of galleryProjection.handlers[event.type]?.(recorded(event, index + 1)) ?? []) applyWrite(keys, write);
  }
  return keys;
};

const galleryAfter = (events: Array<AccountEvent | ProfileEvent | PostEvent>): string[] => {
  const keys = keysAfter(events);
  const gallery = (keys.get('gallery:ann') as Map<string, number> | undefined) ?? new Map<string, number>();
  return [...gallery.entries()].sort((a, b) => b[1] - a[1]).map(([member]) => (keys.get(`gallery-image:${member}`) as Record<string, string>).imgId!);
};

const applyWrite = (keys: Map<string, unknown>, write: ReadModelWrite): void => {
  if (write.onlyIfExists !== undefined && !keys.has(write.onlyIfExists)) return;
  const sorted = () => (keys.get(write.key) as Map<string, number> | undefined) ?? new Map<string, number>();
  switch (write.kind) {
    case 'hash.set':
      keys.set(write.key, { ...(keys.get(write.key) as object | undefined), ...write.fields });
      return;
    case 'sorted.add':
      keys.set(write.key, sorted().set(write.member, write.score));
      return;
    case 'sorted.remove': {
      const set = sorted();
      for (const member of write.members) set.delete(member);
      if (set.size === 0) keys.delete(write.key);
      return;
    }
    case 'value.set':
      keys.set(write.key, write.value);
      return;
    case 'key.delete':
      keys.delete(write.key);
      return;
    case 'hash.delete':
    case 'hash.increment':
    case 'list.push':
    case 'set.add':
    case 'set.remove':
    case 'sorted.copy':
    case 'sorted.removeFromEach':
      throw new Error(`The gallery projection does not write ${write.kind}`);
  }
};

describe('the gallery projection', () => {
  it('lists a new profile picture by its id in the media storage, with its full URL, scored by position', () =>
    spec
      .given([recorded(pictureChanged('profile-pictures/ann/c1'), 9)])
      .then([
        rm.hashSet(`gallery-image:${idOf('profile-pictures/ann/c1')}`, document('profile-pictures/ann/c1', '11')),
        rm.sortedAdd('gallery:ann', 9, idOf('profile-pictures/ann/c1')),
      ]));

  it('lists an uploaded background with the background fields too, and a reused one not again', () =>
    spec
      .given([backgroundChanged('backgrounds/ann/c2', 'upload'), backgroundChanged('posts/p1/i1', 'gallery')])
      .then([
        rm.hashSet(
          `gallery-image:${idOf('backgrounds/ann/c2')}`,
          document('backgrounds/ann/c2', '12', { bgImageId: 'backgrounds/ann/c2', bgImageVersion: '12' }),
        ),
        rm.sortedAdd('gallery:ann', 1, idOf('backgrounds/ann/c2')),
      ]));

  it('takes an uploaded background out when it is removed, and leaves a reused one', () =>
    spec
      .given([
        { type: 'BackgroundImageRemoved', data: { userId: 'ann', imageId: 'backgrounds/ann/c2', source: 'upload', removedAt: later } },
        { type: 'BackgroundImageRemoved', data: { userId: 'ann', imageId: 'posts/p1/i1', source: 'gallery', removedAt: later } },
      ] satisfies ProfileEvent[])
      .then([rm.sortedRemove('gallery:ann', idOf('backgrounds/ann/c2')), rm.delete(`gallery-image:${idOf('backgrounds/ann/c2')}`)]));

  it("lists a post's image with the post and its privacy, and nothing for a post without one", () =>
    spec
      .given([created('p1', image('posts/p1/i1')), created('p2', null)])
      .then([
        rm.hashSet(`gallery-image:${idOf('posts/p1/i1')}`, document('posts/p1/i1', '13', { postId: 'p1', privacy: 'Public' })),
        rm.sortedAdd('gallery:ann', 1, idOf('posts/p1/i1')),
      ]));

  it("takes a post's image out when its owner removes it, and again when the post is deleted", () =>
    spec
      .given([takenOut('posts/p1/i1', 'p1'), deleted('p1', [{ id: 'posts/p1/i1', kind: 'image' }])])
      .then([
        rm.sortedRemove('gallery:ann', idOf('posts/p1/i1')),
        rm.delete(`gallery-image:${idOf('posts/p1/i1')}`),
        rm.sortedRemove('gallery:ann', idOf('posts/p1/i1')),
        rm.delete(`gallery-image:${idOf('posts/p1/i1')}`),
      ]));

  it('lists the image an edit brought, dated by the edit and scored by its position', () =>
    spec
      .given([recorded(edited('p1', content({ image: image('posts/p1/i2') }, 'Followers'), { added: [{ id: 'posts/p1/i2', kind: 'image' }] }), 7)])
      .then([
        rm.hashSet(`gallery-image:${idOf('posts/p1/i2')}`, document('posts/p1/i2', '13', { postId: 'p1', privacy: 'Followers', createdAt: later })),
        rm.sortedAdd('gallery:ann', 7, idOf('posts/p1/i2')),
      ]));

  it('only updates the privacy of a kept image, and only while it is listed', () =>
    spec
      .given([edited('p1', content({ image: image('posts/p1/i1') }, 'Private'))])
      .then(rm.ifExists(`gallery-image:${idOf('posts/p1/i1')}`, [rm.hashSet(`gallery-image:${idOf('posts/p1/i1')}`, { privacy: 'Private' })])));

  it('keys images by their owner, so a removal by someone else reaches none of them', () =>
    expect(galleryImageIdOf('bob', 'posts/p1/i1')).not.toBe(galleryImageIdOf('ann', 'posts/p1/i1')));

  describe('as the gallery reads after a run of events', () => {
    it('lists images newest first', () =>
      expect(galleryAfter([pictureChanged('pp/1'), created('p1', image('posts/p1/i1')), backgroundChanged('bg/1', 'upload')])).toEqual([
        'bg/1',
        'posts/p1/i1',
        'pp/1',
      ]));

    it("keeps a post's image where it is when an edit keeps it, whatever the edit changes", () =>
      expect(
        galleryAfter([created('p1', image('posts/p1/i1')), pictureChanged('pp/1'), edited('p1', content({ image: image('posts/p1/i1') }, 'Followers'))]),
      ).toEqual(['pp/1', 'posts/p1/i1']));

    it("follows the post's privacy through its edits", () => {
      const keys = keysAfter([created('p1', image('posts/p1/i1')), edited('p1', content({ image: image('posts/p1/i1') }, 'Private'))]);
      expect(keys.get(`gallery-image:${idOf('posts/p1/i1')}`)).toMatchObject({ privacy: 'Private', createdAt: at });
    });

    it('lists the image an edit brings, in place of the one it replaces', () =>
      expect(
        galleryAfter([
          created('p1', image('posts/p1/i1')),
          pictureChanged('pp/1'),
          edited('p1', content({ image: image('posts/p1/i2') }), {
            added: [{ id: 'posts/p1/i2', kind: 'image' }],
            replaced: [{ id: 'posts/p1/i1', kind: 'image' }],
          }),
        ]),
      ).toEqual(['posts/p1/i2', 'pp/1']));

    it('lists the image an edit adds to a post that had none, and drops the one an edit removes', () => {
      expect(
        galleryAfter([
          pictureChanged('pp/1'),
          created('p1', null),
          pictureChanged('pp/2'),
          edited('p1', content({ image: image('posts/p1/i1') }), { added: [{ id: 'posts/p1/i1', kind: 'image' }] }),
        ]),
      ).toEqual(['posts/p1/i1', 'pp/2', 'pp/1']);
      expect(
        galleryAfter([
          created('p1', image('posts/p1/i1')),
          edited('p1', content({ video: image('posts/p1/v1') }), {
            added: [{ id: 'posts/p1/v1', kind: 'video' }],
            replaced: [{ id: 'posts/p1/i1', kind: 'image' }],
          }),
        ]),
      ).toEqual([]);
    });

    it("does not bring back a post's image its owner took out, when the post is edited later", () => {
      const keys = keysAfter([
        created('p1', image('posts/p1/i1')),
        takenOut('posts/p1/i1', 'p1'),
        edited('p1', content({ image: image('posts/p1/i1') }, 'Private')),
        edited('p1', content({ image: image('posts/p1/i1') }, 'Public')),
      ]);
      expect([...keys.keys()]).toEqual([]);
    });

    it("lists a post's new image after its owner took the old one out", () =>
      expect(
        galleryAfter([
          created('p1', image('posts/p1/i1')),
          takenOut('posts/p1/i1', 'p1'),
          edited('p1', content({ image: image('posts/p1/i2') }), {
            added: [{ id: 'posts/p1/i2', kind: 'image' }],
            replaced: [{ id: 'posts/p1/i1', kind: 'image' }],
          }),
        ]),
      ).toEqual(['posts/p1/i2']));

    it('keeps nothing of an image taken out after its post was deleted', () => {
      const keys = keysAfter([created('p1', image('posts/p1/i1')), deleted('p1', [{ id: 'posts/p1/i1', kind: 'image' }]), takenOut('posts/p1/i1', 'p1')]);
      expect([...keys.keys()]).toEqual([]);
    });

    it("takes a deleted post's image out, and a profile picture its owner took out", () =>
      expect(
        galleryAfter([
          created('p1', image('posts/p1/i1')),
          pictureChanged('pp/1'),
          deleted('p1', [{ id: 'posts/p1/i1', kind: 'image' }]),
          takenOut('pp/1', null),
        ]),
      ).toEqual([]));
  });
});
