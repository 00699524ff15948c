import { z } from 'zod';
import { defineEvent, type Command, type Decider, type EventOf } from '@domain/shared';

/*
 * One user's reaction to one post is a stream of its own (keyed by the pair): a user has at most one reaction per
 * post, a new type replaces the old one in the same event, and the counts of a post are summed by a projection from
 * these events, so reactions by different users never contend and counts never come from the client.
 */

export const REACTION_TYPES = ['like', 'love', 'happy', 'wow', 'sad', 'angry'] as const;
export type ReactionType = (typeof REACTION_TYPES)[number];

const ids = { postId: z.string().min(1), userId: z.string().min(1), postAuthorId: z.string().min(1) };
export const reactionGiven = defineEvent(
  'ReactionGiven',
  1,
  z.object({ ...ids, type: z.enum(REACTION_TYPES), previousType: z.enum(REACTION_TYPES).nullable(), givenAt: z.string() }),
);
export const reactionRemoved = defineEvent('ReactionRemoved', 1, z.object({ ...ids, type: z.enum(REACTION_TYPES), removedAt: z.string() }));

export const reactionEvents = [reactionGiven, reactionRemoved];
export type ReactionEvent = EventOf<typeof reactionGiven> | EventOf<typeof reactionRemoved>;

export type Reaction = Readonly<{ type: ReactionType | null }>;

export type GiveReaction = Command<'GiveReaction', { postId: string; userId: string; postAuthorId: string; type: ReactionType }>;
export type RemoveReaction = Command<'RemoveReaction', { postId: string; userId: string; postAuthorId: string }>;
export type ReactionCommand = GiveReaction | RemoveReaction;

export const reactionStreamId = (postId: string, userId: string): string => `reaction:${postId}:${userId}`;

export const reactionDecider: Decider<ReactionCommand, ReactionEvent, Reaction> = {
  initialState: () => ({ type: null }),
  evolve: (_state, event) => ({ type: event.type === 'ReactionGiven' ? event.data.type : null }),
  decide: (command, state) => {
    const at = command.metadata.now.toISOString();
    const { postId, userId, postAuthorId } = command.data;
    switch (command.type) {
      case 'GiveReaction':
        if (state.type === command.data.type) return []; // the same reaction again changes nothing
        return [{ type: 'ReactionGiven', data: { postId, userId, postAuthorId, type: command.data.type, previousType: state.type, givenAt: at } }];
      case 'RemoveReaction':
        if (state.type === null) return []; // already gone (a second click, a retry): nothing to remove
        return [{ type: 'ReactionRemoved', data: { postId, userId, postAuthorId, type: state.type, removedAt: at } }];
    }
  },
};
