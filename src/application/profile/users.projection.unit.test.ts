import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import type { AccountEvent } from '@domain/identity';
import type { ProfileEvent } from '@domain/profile';
import { usersProjection } from './users.projection';

const at = '2026-01-01T00:00:00.000Z';
const spec = specifyProjection(usersProjection);
const registered = (userId: string, username: string): AccountEvent => ({
  type: 'AccountRegistered',
  data: {
    userId,
    username,
    email: `${userId}@example.com`,
    passwordHash: 'hash',
    avatarColor: '#f00',
    profilePicture: 'https://img/p.png',
    uId: `uid-${userId}`,
    registeredAt: at,
  },
});

describe('the users projection', () => {
  describe('a registration', () => {
    it('stores the user card without the password hash, lists the user by registration and indexes the username lower-cased for search', () =>
      spec.given([registered('u1', 'AnnLee')]).then([
        rm.hashSet('user:u1', {
          userId: 'u1',
          username: 'AnnLee',
          email: 'u1@example.com',
          avatarColor: '#f00',
          profilePicture: 'https://img/p.png',
          uId: 'uid-u1',
          createdAt: at,
        }),
        rm.sortedAdd('users-by-registration', 1, 'u1'),
        rm.sortedAdd('usernames', 0, 'annlee:u1'),
      ]));
    it('scores users by the global position of their registration, so the newest comes first', () =>
      spec
        .given([recorded(registered('u1', 'ann'), 10), recorded(registered('u2', 'bob'), 25)])
        .then([
          expect.anything(),
          rm.sortedAdd('users-by-registration', 10, 'u1'),
          expect.anything(),
          expect.anything(),
          rm.sortedAdd('users-by-registration', 25, 'u2'),
          expect.anything(),
        ]));
    it("keeps the username's own case on the card, and the user id in the search member so equal names stay apart", () =>
      spec
        .given([registered('u1', 'ANN'), registered('u2', 'ann')])
        .then([
          rm.hashSet('user:u1', expect.objectContaining({ username: 'ANN' })),
          rm.sortedAdd('users-by-registration', 1, 'u1'),
          rm.sortedAdd('usernames', 0, 'ann:u1'),
          rm.hashSet('user:u2', expect.objectContaining({ username: 'ann' })),
          rm.sortedAdd('users-by-registration', 2, 'u2'),
          rm.sortedAdd('usernames', 0, 'ann:u2'),
        ]));
  });

  it('sets the four basic-info fields on the user, leaving the rest of the card alone', () =>
    spec
      .given([
        { type: 'BasicInfoUpdated', data: { userId: 'u1', quote: 'Hi', work: 'Acme', school: '', location: 'Oslo', updatedAt: at } } satisfies ProfileEvent,
      ])
      .then([rm.hashSet('user:u1', { quote: 'Hi', work: 'Acme', school: '', location: 'Oslo' })]));

  it('stores the social links as one JSON field', () =>
    spec
      .given([
        {
          type: 'SocialLinksUpdated',
          data: { userId: 'u1', facebook: 'fb/ann', instagram: '', twitter: '@ann', youtube: '', updatedAt: at },
        } satisfies ProfileEvent,
      ])
      .then([rm.hashSet('user:u1', { social: '{"facebook":"fb/ann","instagram":"","twitter":"@ann","youtube":""}' })]));

  it('stores the notification settings as one JSON field, keeping them booleans', () =>
    spec
      .given([
        {
          type: 'NotificationSettingsChanged',
          data: { userId: 'u1', messages: true, reactions: false, comments: true, follows: false, changedAt: at },
        } satisfies ProfileEvent,
      ])
      .then([rm.hashSet('user:u1', { notifications: '{"messages":true,"reactions":false,"comments":true,"follows":false}' })]));

  it('shows a new profile picture by its full URL', () =>
    spec
      .given([
        {
          type: 'ProfilePictureChanged',
          data: { userId: 'u1', profilePicture: 'https://img/pp/2.png', imageId: 'profile-pictures/u1/2', imgVersion: '9', changedAt: at },
        } satisfies AccountEvent,
      ])
      .then([rm.hashSet('user:u1', { profilePicture: 'https://img/pp/2.png' })]));

  it('keeps the background image as the contract names it (id, version) and by its full URL, and clears all three when it is removed', () =>
    spec
      .given([
        {
          type: 'BackgroundImageChanged',
          data: { userId: 'u1', imageId: 'backgrounds/u1/b', imgVersion: '7', url: 'https://img/b.png', source: 'upload', changedAt: at },
        } satisfies ProfileEvent,
        { type: 'BackgroundImageRemoved', data: { userId: 'u1', imageId: 'backgrounds/u1/b', source: 'upload', removedAt: at } } satisfies ProfileEvent,
      ])
      .then([
        rm.hashSet('user:u1', { bgImageId: 'backgrounds/u1/b', bgImageVersion: '7', bgImageUrl: 'https://img/b.png' }),
        rm.hashSet('user:u1', { bgImageId: '', bgImageVersion: '', bgImageUrl: '' }),
      ]));

  it("writes nothing for password changes, admin grants, gallery removals or other contexts' events", () =>
    spec
      .given([
        { type: 'PasswordChanged', data: { userId: 'u1', passwordHash: 'h2', changedAt: at, keptSessionId: null, reason: 'reset' } } satisfies AccountEvent,
        { type: 'AdminRoleGranted', data: { userId: 'u1', grantedAt: at } } satisfies AccountEvent,
        { type: 'GalleryImageRemoved', data: { userId: 'u1', imageId: 'profile-pictures/u1/2', postId: null, removedAt: at } } satisfies ProfileEvent,
        { type: 'UserFollowed', data: { followerId: 'u1', followeeId: 'u2', followedAt: at } },
      ])
      .thenNothing());
});
