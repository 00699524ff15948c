import { createHash, randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, emails, usernames } from '@domain/identity';
import { conversationDecider, conversationStreamId } from '@domain/chat';
import { conversationIdOf } from '@application/chat/conversation-id';
import type { EventCatalog } from '@application/shared/event-catalog';
import { derivedId } from '@application/shared/ids';
import { BcryptPasswordHasher } from '@infrastructure/identity/bcrypt-password-hasher';
import { HistoryWriter, SEEDED_PASSWORD } from './feeds-seed';

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
 * Accounts (username and e-mail reservations, account) for the delivery pairs and the reader, then the reader's two
 * conversations, every message decided by the conversation's own decider and encoded by the catalog, written as the
 * store and the sequencer write them (bench/feeds-seed.ts). Each user signs in as `Bc0000`… with SEEDED_PASSWORD.
 * It must run before the system starts, on an empty database.
 */
export const seedChatStore = async (db: Db, catalog: EventCatalog, shape: ChatStoreShape, now: Date): Promise<ChatStore> => {
  const started = performance.now();
  const writer = new HistoryWriter(catalog);
  const passwordHash = await new BcryptPasswordHasher().hash(SEEDED_PASSWORD);
  const users: ChatUser[] = Array.from({ length: 2 * shape.pairs + 3 }, (_, index) => ({
    index,
    userId: userIdOf(index),
    username: `Bc${String(index).padStart(4, '0')}`,
  }));
  const totalSteps = 3 * users.length + shape.depth + shape.smallDepth;
  let step = 0;
  const metadata = (actorId: string | null): CommandMetadata => ({
    commandId: randomUUID(),
    now: new Date(now.getTime() - 30 * DAY_MS + Math.floor((++step / totalSteps) * 30 * DAY_MS)),
    actorId,
    correlationId: randomUUID(),
    causationId: null,
  });

  for (const { userId, username, index } of users) {
    const email = `${username.toLowerCase()}@bench.example`;
    writer.decide(usernames.decider, usernames.streamId(username), { type: 'Reserve', data: { value: username, userId }, metadata: metadata(null) });
    writer.decide(emails.decider, emails.streamId(email), { type: 'Reserve', data: { value: email, userId }, metadata: metadata(null) });
    writer.decide(accountDecider, accountStreamId(userId), {
      type: 'RegisterAccount',
      data: {
        userId,
        username,
        email,
        passwordHash,
        avatarColor: ['#f44336', '#2196f3', '#4caf50', '#ff9800'][index % 4]!,
        profilePicture: `https://media.bench.example/avatars/${userId}.png`,
        uId: String(1e11 + (parseInt(userId.slice(0, 12), 16) % 9e11)),
      },
      metadata: metadata(null),
    });
  }

  const [reader, deepPartner, smallPartner] = users.slice(2 * shape.pairs);
  const converse = (a: ChatUser, b: ChatUser, messages: number) => {
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
  };
  converse(reader!, deepPartner!, shape.depth);
  converse(reader!, smallPartner!, shape.smallDepth);

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
