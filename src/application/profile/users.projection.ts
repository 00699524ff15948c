import { defineProjection, rm } from '@application/shared/projection';
import type { AccountEvent } from '@domain/identity';
import type { ProfileEvent } from '@domain/profile';

export const USERS_PROJECTION = 'profile.users';

export const userKeys = {
  /** The user's card and profile; `social` and `notifications` hold JSON; the background image is `bgImage*`. */
  user: (userId: string) => `user:${userId}`,
  /** Every user, scored by the global position of their registration: newest first is a reverse range. */
  byRegistration: 'users-by-registration',
  /** `<username in lower case>:<user id>` members with score 0, for case-insensitive search. */
  usernames: 'usernames',
};

/** Version 2: the profile picture and the background image. */
export const usersProjection = defineProjection<AccountEvent | ProfileEvent>(USERS_PROJECTION, 2, {
  AccountRegistered: (event) => [
    rm.hashSet(userKeys.user(event.data.userId), {
      userId: event.data.userId,
      username: event.data.username,
      email: event.data.email,
      avatarColor: event.data.avatarColor,
      profilePicture: event.data.profilePicture,
      uId: event.data.uId,
      createdAt: event.data.registeredAt,
    }),
    rm.sortedAdd(userKeys.byRegistration, event.metadata.globalPosition, event.data.userId),
    rm.sortedAdd(userKeys.usernames, 0, `${event.data.username.toLowerCase()}:${event.data.userId}`),
  ],
  ProfilePictureChanged: (event) => [rm.hashSet(userKeys.user(event.data.userId), { profilePicture: event.data.profilePicture })],
  BackgroundImageChanged: (event) => [
    rm.hashSet(userKeys.user(event.data.userId), { bgImageId: event.data.imageId, bgImageVersion: event.data.imgVersion, bgImageUrl: event.data.url }),
  ],
  BackgroundImageRemoved: (event) => [rm.hashSet(userKeys.user(event.data.userId), { bgImageId: '', bgImageVersion: '', bgImageUrl: '' })],
  BasicInfoUpdated: (event) => [
    rm.hashSet(userKeys.user(event.data.userId), { quote: event.data.quote, work: event.data.work, school: event.data.school, location: event.data.location }),
  ],
  SocialLinksUpdated: (event) => {
    const { facebook, instagram, twitter, youtube } = event.data;
    return [rm.hashSet(userKeys.user(event.data.userId), { social: JSON.stringify({ facebook, instagram, twitter, youtube }) })];
  },
  NotificationSettingsChanged: (event) => {
    const { messages, reactions, comments, follows } = event.data;
    return [rm.hashSet(userKeys.user(event.data.userId), { notifications: JSON.stringify({ messages, reactions, comments, follows }) })];
  },
});
