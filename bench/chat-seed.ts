import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { conversationDecider, conversationStreamId } from '@domain/chat';
import { conversationIdOf } from '@application/chat/conversation-id';
import type { EventCatalog } from '@application/shared/event-catalog';
import { derivedId } from '@application/shared/ids';
import { AVATAR_COLOURS, HistoryWriter, registerAccount, seedClock, seededPasswordHash, type SeedClock } from './feeds-seed';

export type ChatUser = Readonly<{ index: number; userId: string; username: string }>;

export type ChatStoreShape = Readonly<{
  /** Sender/receiver pairs of the delivery runs: users 2i and 2i+1, with no message yet. */
  pairs: number;
  /** Messages of the deep conversation, between the reader and the deep partner. */
  depth: number;
  /** Messages of the small conversation, between the reader and the small partner. */
  smallDepth: number;
  docEvents: number;
}>;

export type ChatStore = Readonly<{
  users: ChatUser[];
  pairs: Array<Readonly<{ sender: ChatUser; receiver: ChatUser }>>;
  /** Reads both conversations. */
  reader: ChatUser;
  deepPartner: ChatUser;
  smallPartner: ChatUser;
  depth: number;
  smallDepth: number;
  events: number;
  logDocs: number;
  seedMs: number;
}>;

const DAY_MS = 24 * 60 * 60 * 1000;
const WORDS = 'hi hello yes no maybe tonight tomorrow coffee lunch see you soon great thanks ok sure where when call me later'.split(' ');

const userIdOf = (index: number): string => createHash('sha256').update(`bench-chat-user:${index}`).digest('hex').slice(0, 24);

/**
 * `messages` messages between `a` and `b` (one from `b`, then two from `a`, in turn), each decided by the conversation's own
 * decider; returns the conversation's id.
 */
export const decideConversation = (writer: HistoryWriter, metadata: SeedClock, a: ChatUser, b: ChatUser, messages: number): string => {
  const conversationId = conversationIdOf(a.userId, b.userId);
  for (let n = 0; n < messages; n++) {
    const [sender, receiver] = n % 3 === 0 ? [b, a] : [a, b];
    const meta = metadata(sender.userId);
    const body = Array.from({ length: 2 + ((n * 7) % 12) }, (_, w) => WORDS[(n + w * 5) % WORDS.length]!).join(' ');
    const data = {
      conversationId,
      messageId: derivedId('chat-message', meta.commandId),
      senderId: sender.userId,
      receiverId: receiver.userId,
      body,
      gifUrl: '',
      image: null,
      receiverIsViewing: n % 2 === 0,
    };
    if (!writer.decide(conversationDecider, conversationStreamId(conversationId), { type: 'SendChatMessage', data, metadata: meta }))
      throw new Error(`message ${n} of ${conversationId} was refused`);
  }
  return conversationId;
};

/**
 * Accounts (username and e-mail reservations, account) for the delivery pairs and the reader, then the reader's two
 * conversations, every message decided by the conversation's own decider and encoded by the catalog, written as the
 * store and the sequencer write them (bench/feeds-seed.ts). Each user signs in as `Bc0000`… with SEEDED_PASSWORD.
 * It must run before the system starts, on an empty database.
 */
export const seedChatStore = async (db: Db, catalog: EventCatalog, shape: ChatStoreShape, now: Date): Promise<ChatStore> => {
  const started = performance.now();
  const writer = new HistoryWriter(catalog);
  const passwordHash = await seededPasswordHash();
  const users: ChatUser[] = Array.from({ length: 2 * shape.pairs + 3 }, (_, index) => ({
    index,
    userId: userIdOf(index),
    username: `Bc${String(index).padStart(4, '0')}`,
  }));
  const metadata = seedClock(new Date(now.getTime() - 30 * DAY_MS), now, 3 * users.length + shape.depth + shape.smallDepth);
  for (const user of users) registerAccount(writer, metadata, user, passwordHash, AVATAR_COLOURS[user.index % AVATAR_COLOURS.length]!);

  const [reader, deepPartner, smallPartner] = users.slice(2 * shape.pairs);
  decideConversation(writer, metadata, reader!, deepPartner!, shape.depth);
  decideConversation(writer, metadata, reader!, smallPartner!, shape.smallDepth);

  const logDocs = await writer.write(db, shape.docEvents);
  return {
    users,
    pairs: Array.from({ length: shape.pairs }, (_, i) => ({ sender: users[2 * i]!, receiver: users[2 * i + 1]! })),
    reader: reader!,
    deepPartner: deepPartner!,
    smallPartner: smallPartner!,
    depth: shape.depth,
    smallDepth: shape.smallDepth,
    events: writer.events,
    logDocs,
    seedMs: Math.round(performance.now() - started),
  };
};
