import { z } from 'zod';
import { defineEvent, ForbiddenError, NotFoundError, type Command, type Decider, type EventOf } from '@domain/shared';

/*
 * Each comment is a stream of its own, so that comments on a busy post never contend. It records the post's author at
 * creation: a post's author may delete the comments on their post.
 */

const ids = { commentId: z.string().min(1), postId: z.string().min(1) };
export const commentAdded = defineEvent(
  'CommentAdded',
  1,
  z.object({ ...ids, postAuthorId: z.string().min(1), authorId: z.string().min(1), comment: z.string().min(1), addedAt: z.string() }),
);
export const commentEdited = defineEvent(
  'CommentEdited',
  1,
  z.object({ ...ids, authorId: z.string().min(1), comment: z.string().min(1), editedAt: z.string() }),
);
export const commentDeleted = defineEvent(
  'CommentDeleted',
  1,
  z.object({ ...ids, authorId: z.string().min(1), deletedBy: z.string().min(1), deletedAt: z.string() }),
);

export const commentEvents = [commentAdded, commentEdited, commentDeleted];
export type CommentEvent = EventOf<typeof commentAdded> | EventOf<typeof commentEdited> | EventOf<typeof commentDeleted>;

export type Comment =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'added'; postId: string; postAuthorId: string; authorId: string; comment: string }>
  | Readonly<{ status: 'deleted' }>;

export type AddComment = Command<'AddComment', { commentId: string; postId: string; postAuthorId: string; authorId: string; comment: string }>;
export type EditComment = Command<'EditComment', { commentId: string; editorId: string; comment: string }>;
export type DeleteComment = Command<'DeleteComment', { commentId: string; deleterId: string }>;
export type CommentCommand = AddComment | EditComment | DeleteComment;

export class CommentNotFound extends NotFoundError {
  constructor() {
    super('Comment not found');
  }
}

export class NotCommentAuthor extends ForbiddenError {
  constructor(action: string) {
    super(`You may not ${action} this comment.`);
  }
}

export const commentStreamId = (commentId: string): string => `comment:${commentId}`;

const added = (state: Comment): Extract<Comment, { status: 'added' }> => {
  if (state.status !== 'added') throw new CommentNotFound();
  return state;
};

export const commentDecider: Decider<CommentCommand, CommentEvent, Comment> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'CommentAdded': {
        const { postId, postAuthorId, authorId, comment } = event.data;
        return { status: 'added', postId, postAuthorId, authorId, comment };
      }
      case 'CommentEdited':
        return state.status === 'added' ? { ...state, comment: event.data.comment } : state;
      case 'CommentDeleted':
        return { status: 'deleted' };
    }
  },
  decide: (command, state) => {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'AddComment':
        if (state.status !== 'none') return []; // a retried command: the comment exists
        return [{ type: 'CommentAdded', data: { ...command.data, addedAt: at } }];
      case 'EditComment': {
        const comment = added(state);
        if (comment.authorId !== command.data.editorId) throw new NotCommentAuthor('edit');
        if (comment.comment === command.data.comment) return [];
        const { commentId, comment: text } = command.data;
        return [{ type: 'CommentEdited', data: { commentId, postId: comment.postId, authorId: comment.authorId, comment: text, editedAt: at } }];
      }
      case 'DeleteComment': {
        const comment = added(state);
        const { commentId, deleterId } = command.data;
        if (deleterId !== comment.authorId && deleterId !== comment.postAuthorId) throw new NotCommentAuthor('delete');
        return [{ type: 'CommentDeleted', data: { commentId, postId: comment.postId, authorId: comment.authorId, deletedBy: deleterId, deletedAt: at } }];
      }
    }
  },
};
