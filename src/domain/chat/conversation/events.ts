import { z } from 'zod';
import { defineEvent, type EventOf } from '@domain/shared';

/*
 * A conversation between two users is one stream: the one order of its messages. Each message gets the next position
 * of the stream when it is appended, so two messages sent at once from both sides (from any processes) are ordered by
 * the store, and a client that has seen position n knows it missed whatever comes after n. Each participant has one
 * "read up to" position: marking as read moves it, and a message is read once its receiver's position reaches it.
 */

export const CHAT_REACTIONS = ['like', 'love', 'happy', 'wow', 'sad', 'angry'] as const;
export type ChatReaction = (typeof CHAT_REACTIONS)[number];

export const DELETE_SCOPES = ['deleteForMe', 'deleteForEveryone'] as const;
export type DeleteScope = (typeof DELETE_SCOPES)[number];

const chatImage = z.object({ id: z.string().min(1), version: z.string(), url: z.string().min(1) });
export type ChatImage = z.infer<typeof chatImage>;

const conversation = { conversationId: z.string().min(1) };
const message = { ...conversation, messageId: z.string().min(1), position: z.number().int().positive() };

export const chatMessageSent = defineEvent(
  'ChatMessageSent',
  1,
  z.object({
    ...message,
    senderId: z.string().min(1),
    receiverId: z.string().min(1),
    body: z.string(),
    gifUrl: z.string(),
    image: chatImage.nullable(),
    /** The receiver had this conversation open: it is read as it arrives (their read position moves to it). */
    readOnArrival: z.boolean(),
    sentAt: z.string(),
  }),
);
export const chatMessagesRead = defineEvent(
  'ChatMessagesRead',
  1,
  z.object({ ...conversation, readerId: z.string().min(1), upTo: z.number().int().positive(), readAt: z.string() }),
);
export const chatMessageReacted = defineEvent(
  'ChatMessageReacted',
  1,
  z.object({ ...message, reactorId: z.string().min(1), reaction: z.enum(CHAT_REACTIONS).nullable(), reactedAt: z.string() }),
);
export const chatMessageDeleted = defineEvent(
  'ChatMessageDeleted',
  1,
  z.object({
    ...message,
    senderId: z.string().min(1),
    receiverId: z.string().min(1),
    deletedBy: z.string().min(1),
    scope: z.enum(DELETE_SCOPES),
    /** Removed from storage when the message is deleted for everyone. */
    image: chatImage.nullable(),
    sentAt: z.string(),
    /** The message counted as unread for its receiver until now (sent after their read position, not hidden from them yet). */
    wasUnread: z.boolean(),
    deletedAt: z.string(),
  }),
);

export const chatEvents = [chatMessageSent, chatMessagesRead, chatMessageReacted, chatMessageDeleted];
export type ChatEvent =
  EventOf<typeof chatMessageSent> | EventOf<typeof chatMessagesRead> | EventOf<typeof chatMessageReacted> | EventOf<typeof chatMessageDeleted>;
