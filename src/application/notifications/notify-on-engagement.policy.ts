import { postDecider, postStreamId, reactionStreamId, type CommentEvent, type PostContent, type ReactionEvent } from '@domain/posts';
import type { SharedDependencies } from '@application/shared/dependencies';
import type { RecordedEvent } from '@application/shared/event-store';
import { loadState, readStreamThrough } from '@application/shared/handle-command';
import { definePolicy } from '@application/shared/policy';
import { notifyUser } from './notify-user';

type ReactionGiven = Extract<ReactionEvent, { type: 'ReactionGiven' }>;

/**
 * Only a user's first reaction to a post is news: changing its type, or removing it and reacting again, must not let
 * anyone flood the author's inbox and mail. `history` is the stream of that user's reactions to that post.
 */
export const isFirstReaction = (history: readonly RecordedEvent[], reaction: RecordedEvent<ReactionGiven>): boolean =>
  !history.some((earlier) => earlier.type === 'ReactionGiven' && earlier.metadata.streamVersion < reaction.metadata.streamVersion);

/** What a notification shows of the post (contract 2.7: its text and picture). */
export const postDetailsOf = (content: PostContent) => ({
  post: content.post,
  imgId: content.image?.id ?? '',
  imgVersion: content.image?.version ?? '',
  gifUrl: content.gifUrl,
});

/** The post as it is now, or null when it is gone: a comment or a reaction on a deleted post notifies no one. */
const livePost = async (deps: Pick<SharedDependencies, 'store'>, postId: string): Promise<PostContent | null> => {
  const post = await loadState(deps.store, postDecider, postStreamId(postId));
  return post.status === 'published' ? post.content : null;
};

/**
 * Contract 2.7 and 5: a comment notifies the post's author each time; a reaction, the first time that user reacts to
 * that post. Nobody is notified of what they do on their own post, nor against their settings (`notifyUser`).
 */
export const notifyOnEngagementPolicy = (deps: Pick<SharedDependencies, 'store' | 'jobs'>) =>
  definePolicy<CommentEvent | ReactionEvent>('notifications.on-engagement', {
    CommentAdded: async (event) => {
      const { postId, postAuthorId, authorId, commentId, comment } = event.data;
      if (postAuthorId === authorId) return;
      const post = await livePost(deps, postId);
      if (!post) return;
      await notifyUser(deps, event, {
        userTo: postAuthorId,
        userFrom: authorId,
        type: 'comment',
        message: (username) => `${username} commented on your post.`,
        email: { header: 'Comment Notification', subject: () => 'Post notification' },
        details: { ...postDetailsOf(post), comment, entityId: postId, createdItemId: commentId },
      });
    },
    ReactionGiven: async (event) => {
      const { postId, postAuthorId, userId, type } = event.data;
      if (postAuthorId === userId) return;
      if (!isFirstReaction(await readStreamThrough(deps.store, event.metadata.streamId, event.metadata.streamVersion - 1), event)) return;
      const post = await livePost(deps, postId);
      if (!post) return;
      await notifyUser(deps, event, {
        userTo: postAuthorId,
        userFrom: userId,
        type: 'reactions',
        message: (username) => `${username} reacted to your post.`,
        email: { header: 'Post Reaction Notification', subject: () => 'Post reaction notification' },
        details: { ...postDetailsOf(post), reaction: type, entityId: postId, createdItemId: reactionStreamId(postId, userId) },
      });
    },
  });
