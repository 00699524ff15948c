import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { EventCatalog } from '@application/shared/event-catalog';
import { decideConversation } from './chat-seed';
import {
  AVATAR_COLOURS,
  decideSocialNetwork,
  followUser,
  HistoryWriter,
  randomOf,
  registerAccount,
  seedClock,
  seededPasswordHash,
  uIdOf,
  type SeededUser,
} from './feeds-seed';
import type { Member, Person } from './mixed-workload';

export type MixedStoreShape = Readonly<{
  /** The social network of the feeds benchmark (bench/feeds-seed.ts): its users follow each other and post. */
  networkUsers: number;
  networkPosts: number;
  /** The accounts the virtual users sign in as. */
  members: number;
  /** Network users each member follows. */
  memberFollows: number;
  /** Messages of each seeded conversation (each member has two: with the members before and after it). */
  conversationMessages: number;
}>;

export type MixedStore = Readonly<{
  members: Member[];
  /** Network users, for the new accounts to follow. */
  network: Person[];
  events: number;
  counts: Readonly<{ networkFollows: number; blocks: number; memberFollows: number; conversations: number; posts: number }>;
  /** Writes the same documents into an empty database, before its system starts; returns the log documents written. */
  write(db: Db, docEvents: number): Promise<number>;
}>;

const HOUR_MS = 60 * 60 * 1000;
/** Targets per member: network users it does not follow, and members it does not follow (who get its follows' notifications). */
const NETWORK_TARGETS = 6;
const MEMBER_TARGET_OFFSETS = [5, 6];
/** Each member follows the members just after it, so that members' posts reach other members' feeds. */
const MEMBER_FOLLOW_OFFSETS = [1, 2, 3];

const personOf = (user: SeededUser): Person => ({ userId: user.userId, username: user.username, uId: uIdOf(user.userId) });

/**
 * The store of the mixed benchmark, decided once by the product's deciders (bench/feeds-seed.ts): the feeds
 * benchmark's network (no readers), then the members, `Bm0000`…, each following `memberFollows` network users and the
 * three members after it, each in two conversations. Blocks are only between network users, so no member is hidden from
 * anyone. Every account signs in with SEEDED_PASSWORD (a bcrypt hash, which every version verifies).
 */
export const decideMixedStore = async (catalog: EventCatalog, shape: MixedStoreShape, now: Date): Promise<MixedStore> => {
  const writer = new HistoryWriter(catalog);
  const passwordHash = await seededPasswordHash();
  const networkShape = { users: shape.networkUsers, posts: shape.networkPosts, readers: 0, readerFollows: 0, meanFollows: 10, docEvents: 0 };
  const networkPeriod = { from: new Date(now.getTime() - 30 * 24 * HOUR_MS), to: new Date(now.getTime() - 48 * HOUR_MS) };
  const network = decideSocialNetwork(writer, networkShape, passwordHash, networkPeriod);

  const users: SeededUser[] = Array.from({ length: shape.members }, (_, index) => ({
    index,
    userId: createHash('sha256').update(`bench-mixed-member:${index}`).digest('hex').slice(0, 24),
    username: `Bm${String(index).padStart(4, '0')}`,
  }));
  const steps = shape.members * (3 + shape.memberFollows + MEMBER_FOLLOW_OFFSETS.length + shape.conversationMessages);
  const metadata = seedClock(new Date(now.getTime() - 47 * HOUR_MS), new Date(now.getTime() - HOUR_MS), steps);
  for (const user of users) registerAccount(writer, metadata, user, passwordHash, AVATAR_COLOURS[user.index % AVATAR_COLOURS.length]!);

  const random = randomOf(20261203);
  const member = (index: number) => users[(index + users.length) % users.length]!;
  let memberFollows = 0;
  const targets = users.map((user) => {
    const followed = new Set<SeededUser>();
    while (followed.size < shape.memberFollows) followed.add(network.users[Math.floor(random() * network.users.length)]!);
    for (const followee of [...followed, ...MEMBER_FOLLOW_OFFSETS.map((offset) => member(user.index + offset))])
      if (followUser(writer, metadata, user, followee)) memberFollows++;
    const unfollowed = network.users.filter((other) => !followed.has(other));
    const networkTargets = Array.from({ length: NETWORK_TARGETS }, (_, n) => unfollowed[(user.index * 37 + n * 101) % unfollowed.length]!);
    return [...networkTargets, ...MEMBER_TARGET_OFFSETS.map((offset) => member(user.index + offset))].map(personOf);
  });

  const conversations = users.map((user) => decideConversation(writer, metadata, user, member(user.index + 1), shape.conversationMessages));
  const members: Member[] = users.map((user) => ({
    ...personOf(user),
    targets: targets[user.index]!,
    partners: [
      { ...personOf(member(user.index + 1)), conversationId: conversations[user.index]! },
      { ...personOf(member(user.index - 1)), conversationId: conversations[(user.index - 1 + users.length) % users.length]! },
    ],
  }));
  return {
    members,
    network: network.users.map(personOf),
    events: writer.events,
    counts: { networkFollows: network.follows, blocks: network.blocks, memberFollows, conversations: conversations.length, posts: network.posts },
    write: (db, docEvents) => writer.write(db, docEvents),
  };
};
