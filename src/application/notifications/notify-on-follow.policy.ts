import type { GraphEvent } from '@domain/graph';
import type { SharedDependencies } from '@application/shared/dependencies';
import type { RecordedEvent } from '@application/shared/event-store';
import { readStreamThrough } from '@application/shared/handle-command';
import { definePolicy } from '@application/shared/policy';
import { notifyUser } from './notify-user';

type UserFollowed = Extract<GraphEvent, { type: 'UserFollowed' }>;

/**
 * Only a first follow is news: following again after an unfollow must not let anyone flood a user's inbox and mail.
 * `history` is the pair's stream; a follow of the other direction is another user's first.
 */
export const isFirstFollow = (history: readonly RecordedEvent[], follow: RecordedEvent<UserFollowed>): boolean =>
  !history.some(
    (earlier) =>
      earlier.type === 'UserFollowed' &&
      earlier.metadata.streamVersion < follow.metadata.streamVersion &&
      (earlier as RecordedEvent<UserFollowed>).data.followerId === follow.data.followerId,
  );

/** A new follower: a notification and an e-mail for the followed user (contract 2.7 and 5), the first time only. */
export const notifyOnFollowPolicy = (deps: Pick<SharedDependencies, 'store' | 'jobs'>) =>
  definePolicy<GraphEvent>('notifications.on-follow', {
    UserFollowed: async (event) => {
      if (!isFirstFollow(await readStreamThrough(deps.store, event.metadata.streamId, event.metadata.streamVersion - 1), event)) return;
      await notifyUser(deps, event, {
        userTo: event.data.followeeId,
        userFrom: event.data.followerId,
        type: 'follows',
        message: (username) => `${username} is now following you.`,
        email: { header: 'Follower Notification', subject: (username) => `${username} is now following you.` },
        details: { entityId: event.data.followerId, createdItemId: event.metadata.eventId },
      });
    },
  });
