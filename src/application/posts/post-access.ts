import { isBlocked, relationshipDecider, relationshipStreamId } from '@domain/graph';
import { maySee, postDecider, PostNotFound, postStreamId, type Post } from '@domain/posts';
import type { EventStore } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';

export type PublishedPost = Extract<Post, { status: 'published' }>;

/**
 * A post as a command sees it before acting on it (a comment, a reaction): from the post's stream and the pair's
 * relationship stream, so never stale. A post the actor may not see is "not found", as if it did not exist.
 */
export const postVisibleTo = async (store: EventStore, postId: string, actorId: string): Promise<PublishedPost> => {
  const post = await loadState(store, postDecider, postStreamId(postId));
  if (post.status !== 'published') throw new PostNotFound();
  if (post.authorId === actorId) return post;
  const relationship = await loadState(store, relationshipDecider, relationshipStreamId(actorId, post.authorId));
  const standing = { follows: relationship.followers.includes(actorId), blocked: isBlocked(relationship) };
  if (!maySee(actorId, { authorId: post.authorId, privacy: post.content.privacy }, standing)) throw new PostNotFound();
  return post;
};
