import type { GraphEvent } from '@domain/graph';
import type { PolicyDependencies } from '@application/shared/context-module';
import { definePolicy } from '@application/shared/policy';
import { notifyUser } from './notify-user';

/** A new follower: a notification and an e-mail for the followed user (contract 2.7 and 5). */
export const notifyOnFollowPolicy = (deps: Pick<PolicyDependencies, 'store' | 'jobs'>) =>
  definePolicy<GraphEvent>('notifications.on-follow', {
    UserFollowed: (event) =>
      notifyUser(deps, event, {
        userTo: event.data.followeeId,
        userFrom: event.data.followerId,
        type: 'follows',
        message: (username) => `${username} is now following you.`,
        email: { header: 'Follower Notification', subject: (username) => `${username} is now following you.` },
        details: { entityId: event.data.followerId, createdItemId: event.metadata.eventId },
      }),
  });
