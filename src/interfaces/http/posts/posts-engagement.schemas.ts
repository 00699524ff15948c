import { z } from 'zod';
import { REACTION_TYPES } from '@domain/posts';

/*
 * Contracts 2.5 and 2.6, with the old server's messages; unknown keys are refused. What the client sends that the
 * server knows better (the post's author, counts, the previous reaction, pictures) is accepted and ignored.
 */

export const COMMENT_MAX_LENGTH = 1_000;
const ID_MAX_LENGTH = 100;

const requiredString = (name: string, required: string, max: number, tooLong: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? required : `"${name}" must be a string`) })
    .min(1, required)
    .max(max, tooLong);

const id = (name: string) => requiredString(name, `${name} is a required property`, ID_MAX_LENGTH, `"${name}" is not a valid id`);

/** A comment's text: not only blanks, and at most 1,000 characters. */
const commentText = requiredString(
  'comment',
  'comment is a required property',
  COMMENT_MAX_LENGTH,
  `comment must be at most ${COMMENT_MAX_LENGTH} characters long`,
).refine((value) => value.trim() !== '', 'comment is a required property');

const ignoredText = (name: string, max: number) =>
  z
    .string({ error: `"${name}" must be a string` })
    .max(max, `"${name}" length must be less than or equal to ${max} characters long`)
    .nullable()
    .optional();

export const addCommentBody = z.strictObject({
  userTo: id('userTo'),
  postId: id('postId'),
  comment: commentText,
  commentsCount: z
    .union([z.number(), z.literal('')], { error: '"commentsCount" must be a number' })
    .nullable()
    .optional(),
  profilePicture: ignoredText('profilePicture', 2_000),
});

export const editCommentBody = z.strictObject({ comment: commentText });

const reactionType = z.enum(REACTION_TYPES, {
  error: (issue) =>
    issue.input === undefined || issue.input === null || issue.input === ''
      ? 'Reaction type is a required property'
      : `Reaction type must be one of ${REACTION_TYPES.join(', ')}`,
});

export const addReactionBody = z.strictObject({
  userTo: id('userTo'),
  postId: id('postId'),
  type: reactionType,
  postReactions: z
    .union([z.record(z.string(), z.unknown()), z.literal('')], { error: '"postReactions" must be an object' })
    .nullable()
    .optional(),
  profilePicture: ignoredText('profilePicture', 2_000),
  previousReaction: ignoredText('previousReaction', 20),
});
