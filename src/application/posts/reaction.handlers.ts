import type { CommandMetadata } from '@domain/shared';
import { reactionDecider, reactionStreamId, type ReactionEvent, type ReactionType } from '@domain/posts';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';
import { postVisibleTo } from './post-access';

type Store = Pick<SharedDependencies, 'store'>;

/*
 * Each user's reaction to a post is a stream of its own, so reactions by different users never contend; the same
 * user's requests from two processes may, and a reaction stays valid on the newer state, so conflicts are retried.
 * The post's author comes from the post's stream, never from the request, and the counts come from the events.
 */

/** Contract 2.6 `POST /post/reaction`: a new type replaces the user's previous one; the same type again changes nothing. */
export const giveReaction = async (
  { store }: Store,
  input: Readonly<{ postId: string; userId: string; type: ReactionType }>,
  metadata: CommandMetadata,
): Promise<CommandResult<ReactionEvent>> => {
  const post = await postVisibleTo(store, input.postId, input.userId);
  return handleCommand(
    store,
    reactionDecider,
    reactionStreamId(input.postId, input.userId),
    { type: 'GiveReaction', data: { ...input, postAuthorId: post.authorId }, metadata },
    { retryOnConflict: true },
  );
};

/**
 * Contract 2.6 `DELETE /post/reaction/:postId/…`: the user's own reaction, whatever its type. Removing a reaction that
 * is not there (a second click, a retry) appends nothing and is no error.
 */
export const removeReaction = async (
  { store }: Store,
  input: Readonly<{ postId: string; userId: string }>,
  metadata: CommandMetadata,
): Promise<CommandResult<ReactionEvent>> => {
  const post = await postVisibleTo(store, input.postId, input.userId);
  return handleCommand(
    store,
    reactionDecider,
    reactionStreamId(input.postId, input.userId),
    { type: 'RemoveReaction', data: { ...input, postAuthorId: post.authorId }, metadata },
    { retryOnConflict: true },
  );
};
