import { z } from 'zod';
import { CHAT_REACTIONS, DELETE_SCOPES, type DeleteScope } from '@domain/chat';
import { ValidationError } from '@domain/shared';
import { HISTORY_PAGE_MAX, HISTORY_PAGE_SIZE, type HistoryPage } from '@application/chat/messages.query';
import { positiveIntegerOf, requiredString } from '../middleware/validation';
import { isWebUrl } from '../middleware/web-url';

/*
 * Contract 2.9 with the old server's shapes; unknown keys are refused. What the client sends that the server knows
 * better (the receiver's colour and picture, whether the message is read) is accepted and ignored: the receiver's
 * username is checked against their account, and a message shows its users as they are now.
 */

export const CHAT_BODY_MAX = 2_000;
const ID_MAX = 100;

/** The ids the server makes for conversations and messages; anything else names none, and is refused before any read. */
const chatId = (name: string) => requiredString(name, ID_MAX).regex(/^[0-9a-f]{24}$/, `"${name}" is not a valid id`);

const optionalString = (name: string, max?: number) => {
  const text = z.string({ error: `"${name}" must be a string` });
  return (max === undefined ? text : text.max(max, `"${name}" length must be less than or equal to ${max} characters long`)).nullable().optional();
};

export const sendMessageBody = z.strictObject({
  conversationId: optionalString('conversationId', ID_MAX),
  receiverId: requiredString('receiverId', ID_MAX),
  receiverUsername: requiredString('receiverUsername', ID_MAX),
  receiverAvatarColor: requiredString('receiverAvatarColor', ID_MAX, { allowEmpty: true }),
  receiverProfilePicture: requiredString('receiverProfilePicture', 2_000, { allowEmpty: true }),
  body: optionalString('body', CHAT_BODY_MAX),
  gifUrl: optionalString('gifUrl', 2_000).refine((value) => !value || isWebUrl(value), '"gifUrl" must be a web link (http or https)'),
  // A data URL: its size is bounded by the route's body limit and the image checks.
  selectedImage: optionalString('selectedImage'),
  isRead: z.boolean({ error: '"isRead" must be a boolean' }).optional(),
});

export const markAsReadBody = z.strictObject({ senderId: requiredString('senderId', ID_MAX), receiverId: requiredString('receiverId', ID_MAX) });

export const reactionBody = z.strictObject({
  conversationId: chatId('conversationId'),
  messageId: chatId('messageId'),
  reaction: z.enum(CHAT_REACTIONS, { error: `"reaction" must be one of ${CHAT_REACTIONS.join(', ')}` }),
  type: z.enum(['add', 'remove'], { error: '"type" must be add or remove' }),
});

export const deleteScopeOf = (raw: string): DeleteScope => {
  if (!(DELETE_SCOPES as readonly string[]).includes(raw)) throw new ValidationError(`type must be one of ${DELETE_SCOPES.join(', ')}`);
  return raw as DeleteScope;
};

/** A user or message id from the path. */
export const pathIdOf = (raw: unknown, name: string): string => {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > ID_MAX) throw new ValidationError(`${name} is not a valid id`);
  return raw;
};

/** `?before=`, `?after=` (positions, one of them at most) and `?limit=` (1–100, 50 by default) of a history page. */
export const historyPageOf = (query: Readonly<Record<string, unknown>>): HistoryPage => {
  const position = (name: 'before' | 'after') =>
    query[name] === undefined ? undefined : positiveIntegerOf(query[name], { message: `${name} must be a positive integer`, maxDigits: 15 });
  const before = position('before');
  const after = position('after');
  if (before !== undefined && after !== undefined) throw new ValidationError('Give before or after, not both');
  const limit = query.limit === undefined ? HISTORY_PAGE_SIZE : positiveIntegerOf(query.limit, { message: `limit must be between 1 and ${HISTORY_PAGE_MAX}` });
  if (limit > HISTORY_PAGE_MAX) throw new ValidationError(`limit must be between 1 and ${HISTORY_PAGE_MAX}`);
  return { before, after, limit };
};
