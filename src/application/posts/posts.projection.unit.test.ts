import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import type { PostContent, PostEvent } from '@domain/posts';
import { postsProjection } from './posts.projection';

const at = '2026-01-01T00:00:00.000Z';
const spec = specifyProjection(postsProjection);
const image = { id: 'posts/p1/i1', version: '7', url: 'http://media/i1.png' };
const video = { id: 'posts/p1/v1', version: '9', url: 'http://media/v1.mp4' };
const text: PostContent = { post: 'hello', bgColor: '#fff', privacy: 'Public', feelings: 'happy', gifUrl: '', image: null, video: null };
const created = (content: Partial<PostContent> = {}): PostEvent => ({
  type: 'PostCreated',
  data: { postId: 'p1', authorId: 'ann', ...text, ...content, createdAt: at },
});
const edited = (content: Partial<PostContent>, replacedMedia: Array<{ id: string; kind: 'image' | 'video' }> = []): PostEvent => ({
  type: 'PostEdited',
  data: { postId: 'p1', authorId: 'ann', ...text, ...content, addedMedia: [], replacedMedia, createdAt: at, editedAt: at },
});
const fields = (content: Partial<PostContent> = {}) => {
  const { image: img, video: vid, ...rest } = { ...text, ...content };
  return {
    ...rest,
    imgId: img?.id ?? '',
    imgVersion: img?.version ?? '',
    imageUrl: img?.url ?? '',
    videoId: vid?.id ?? '',
    videoVersion: vid?.version ?? '',
    videoUrl: vid?.url ?? '',
  };
};
const audiences = (privacy: 'Public' | 'Followers' | 'Private') => [
  rm.hashSet('audiences', { p1: `ann ${privacy}` }),
  ...(privacy === 'Public' ? [rm.setAdd('audience:Public', 'p1')] : []),
  rm.setAdd(`audience:${privacy}:ann`, 'p1'),
];
const leaveAudiences = [
  rm.hashDelete('audiences', 'p1'),
  rm.setRemove('audience:Public', 'p1'),
  rm.setRemove('audience:Public:ann', 'p1'),
  rm.setRemove('audience:Followers:ann', 'p1'),
  rm.setRemove('audience:Private:ann', 'p1'),
];

describe('the posts projection', () => {
  it('keeps what a post shows of its author from the registration', () =>
    spec
      .given([
        {
          type: 'AccountRegistered',
          data: {
            userId: 'ann',
            username: 'Ann',
            email: 'ann@x.io',
            passwordHash: 'h',
            avatarColor: 'red',
            profilePicture: 'p.png',
            uId: '12',
            registeredAt: at,
          },
        },
      ])
      .then([rm.hashSet('author:ann', { username: 'Ann', avatarColor: 'red', profilePicture: 'p.png', uId: '12' })]));

  it('shows the new profile picture of the author on their posts', () =>
    spec
      .given([{ type: 'ProfilePictureChanged', data: { userId: 'ann', profilePicture: 'http://media/a2.png', imageId: 'a2', imgVersion: '3', changedAt: at } }])
      .then([rm.hashSet('author:ann', { profilePicture: 'http://media/a2.png' })]));

  it('puts a new post in the feed, on its author, in its audience and in no media feed, scored by its position', () =>
    spec
      .given([recorded(created(), 42)])
      .then([
        rm.hashSet('post:p1', { postId: 'p1', authorId: 'ann', ...fields(), createdAt: at }),
        rm.sortedAdd('feed:all', 42, 'p1'),
        rm.sortedAdd('posts-of:ann', 42, 'p1'),
        rm.sortedRemove('feed:images', 'p1'),
        rm.sortedRemove('feed:videos', 'p1'),
        ...audiences('Public'),
      ]));

  it('files image and GIF posts under images and video posts under videos, with the score of the creation', () => {
    spec
      .given([recorded(created({ image, privacy: 'Private' }), 5)])
      .then([
        rm.hashSet('post:p1', { postId: 'p1', authorId: 'ann', ...fields({ image, privacy: 'Private' }), createdAt: at }),
        rm.sortedAdd('feed:all', 5, 'p1'),
        rm.sortedAdd('posts-of:ann', 5, 'p1'),
        rm.sortedCopy('feed:all', 'feed:images', 'p1'),
        rm.sortedRemove('feed:videos', 'p1'),
        ...audiences('Private'),
      ]);
    spec
      .given([edited({ gifUrl: 'https://giphy/x.gif', video })])
      .then([
        rm.hashSet('post:p1', fields({ gifUrl: 'https://giphy/x.gif', video })),
        rm.sortedCopy('feed:all', 'feed:images', 'p1'),
        rm.sortedCopy('feed:all', 'feed:videos', 'p1'),
        ...leaveAudiences,
        ...audiences('Public'),
      ]);
  });

  it('moves an edited post between audiences and media feeds', () =>
    spec
      .given([edited({ privacy: 'Followers' }, [{ id: image.id, kind: 'image' }])])
      .then([
        rm.hashSet('post:p1', fields({ privacy: 'Followers' })),
        rm.sortedRemove('feed:images', 'p1'),
        rm.sortedRemove('feed:videos', 'p1'),
        ...leaveAudiences,
        ...audiences('Followers'),
      ]));

  it('removes a deleted post from everything', () =>
    spec
      .given([{ type: 'PostDeleted', data: { postId: 'p1', authorId: 'ann', media: [], deletedAt: at } }])
      .then([
        rm.delete('post:p1'),
        rm.sortedRemove('feed:all', 'p1'),
        rm.sortedRemove('feed:images', 'p1'),
        rm.sortedRemove('feed:videos', 'p1'),
        rm.sortedRemove('posts-of:ann', 'p1'),
        ...leaveAudiences,
      ]));
});
