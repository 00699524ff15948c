import { createHash, randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { DomainError, type Command, type CommandMetadata, type Decider, type Event } from '@domain/shared';
import { accountDecider, accountStreamId, emails, usernames } from '@domain/identity';
import { relationshipDecider, relationshipStreamId } from '@domain/graph';
import { postDecider, postStreamId, type Privacy } from '@domain/posts';
import type { EventCatalog } from '@application/shared/event-catalog';
import { recordLogHead } from '@infrastructure/event-store/log-documents';
import { BcryptPasswordHasher } from '@infrastructure/identity/bcrypt-password-hasher';
import { bucketOf, commitKey, logDocId, segmentOf, type CommitBody, type LogDoc, type StoredCommit } from '@infrastructure/event-store/storage-layout';

export const SEEDED_PASSWORD = 'qwerty1';

export type SeededUser = Readonly<{ index: number; userId: string; username: string }>;

export type SocialNetwork = Readonly<{
  users: SeededUser[];
  posts: number;
  byPrivacy: Record<Privacy, number>;
  follows: number;
  blocks: number;
  events: number;
  logDocs: number;
  seedMs: number;
}>;

export type SocialNetworkShape = Readonly<{
  users: number;
  posts: number;
  /** Users 1..readers (index 0 is the poster of the delivery benchmark): each follows `readerFollows` users and the poster. */
  readers: number;
  readerFollows: number;
  /** Every other user follows up to twice this many users (uniformly drawn). */
  meanFollows: number;
  docEvents: number;
}>;

const pushTo = <T>(map: Map<string, T[]>, key: string, value: T): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** A small seeded generator (mulberry32), so that every run seeds the same network. */
export const randomOf = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Histories decided by the product's own deciders and encoded by its catalog, written as the store and the sequencer
 * write them (the layout of bench/seed.ts): commits into their buckets, then log documents of `docEvents` events.
 * It must run before the system starts, on an empty database.
 */
export class HistoryWriter {
  private readonly streams = new Map<string, { state: unknown; seq: number; version: number }>();
  private readonly commits: CommitBody[] = [];

  constructor(private readonly catalog: EventCatalog) {}

  get events(): number {
    return this.commits.reduce((total, commit) => total + commit.events.length, 0);
  }

  /** Decides the command on the stream's current state; a refused command (a domain rule) writes nothing and returns false. */
  decide<C extends Command, E extends Event, S>(decider: Decider<C, E, S>, streamId: string, command: C): boolean {
    const stream = this.streams.get(streamId) ?? { state: decider.initialState(), seq: 0, version: 0 };
    let events: E[];
    try {
      events = decider.decide(command, stream.state as S);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    if (events.length === 0) return false;
    const { metadata } = command;
    this.commits.push({
      streamId,
      seq: stream.seq + 1,
      commitId: metadata.commandId,
      fromVersion: stream.version + 1,
      toVersion: stream.version + events.length,
      events: events.map((event) => {
        const encoded = this.catalog.encode(event);
        return { eventId: randomUUID(), type: encoded.type, schemaVersion: encoded.schemaVersion, data: JSON.stringify(encoded.data) };
      }),
      occurredAt: metadata.now,
      actorId: metadata.actorId,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
    });
    this.streams.set(streamId, { state: events.reduce(decider.evolve, stream.state as S), seq: stream.seq + 1, version: stream.version + events.length });
    return true;
  }

  async write(db: Db, docEvents: number): Promise<number> {
    const byBucket = new Map<string, StoredCommit[]>();
    for (const commit of this.commits) {
      pushTo(byBucket, bucketOf(db, commit.streamId).collectionName, { _id: commitKey(commit.streamId, commit.seq), ...commit });
    }
    const bySegment = new Map<string, LogDoc[]>();
    let head = { docNo: 0, lastPos: 0 };
    for (let from = 0; from < this.commits.length; from += docEvents) {
      const commits = this.commits.slice(from, from + docEvents);
      const events = commits.reduce((total, commit) => total + commit.events.length, 0);
      const docNo = head.docNo + 1;
      const doc: LogDoc = { _id: logDocId(docNo), docNo, firstPos: head.lastPos + 1, lastPos: head.lastPos + events, commits, sequencedAt: new Date() };
      pushTo(bySegment, segmentOf(db, docNo).collectionName, doc);
      head = { docNo, lastPos: doc.lastPos };
    }
    for (const [bucket, docs] of byBucket) await db.collection<StoredCommit>(bucket).insertMany(docs, { ordered: false });
    for (const [segment, docs] of bySegment) await db.collection<LogDoc>(segment).insertMany(docs, { ordered: false });
    await recordLogHead(db, head);
    return head.docNo;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WORDS = 'the a feed post today friends coffee weekend photo music run city light rain summer code news game trip dinner book film'.split(' ');
export const AVATAR_COLOURS = ['#f44336', '#2196f3', '#4caf50', '#ff9800'] as const;

const userIdOf = (index: number): string => createHash('sha256').update(`bench-user:${index}`).digest('hex').slice(0, 24);

/** The account's public number, as sign-up would draw it, made from its id so that every run has the same. */
export const uIdOf = (userId: string): string => String(1e11 + (parseInt(userId.slice(0, 12), 16) % 9e11));

/** The metadata of `totalSteps` commands, spread evenly in order from `from` to `to`. */
export const seedClock = (from: Date, to: Date, totalSteps: number) => {
  let step = 0;
  return (actorId: string | null): CommandMetadata => ({
    commandId: randomUUID(),
    now: new Date(from.getTime() + Math.floor(Math.min(1, ++step / totalSteps) * (to.getTime() - from.getTime()))),
    actorId,
    correlationId: randomUUID(),
    causationId: null,
  });
};

export type SeedClock = ReturnType<typeof seedClock>;

/** A sign-up as the product decides it: the username and e-mail reservations, then the account (3 commands). */
export const registerAccount = (writer: HistoryWriter, metadata: SeedClock, user: SeededUser, passwordHash: string, avatarColor: string): void => {
  const { userId, username } = user;
  const email = `${username.toLowerCase()}@bench.example`;
  writer.decide(usernames.decider, usernames.streamId(username), { type: 'Reserve', data: { value: username, userId }, metadata: metadata(null) });
  writer.decide(emails.decider, emails.streamId(email), { type: 'Reserve', data: { value: email, userId }, metadata: metadata(null) });
  writer.decide(accountDecider, accountStreamId(userId), {
    type: 'RegisterAccount',
    data: { userId, username, email, passwordHash, avatarColor, profilePicture: `https://media.bench.example/avatars/${userId}.png`, uId: uIdOf(userId) },
    metadata: metadata(null),
  });
};

/** The password hash of every seeded account: bcrypt, which every version of the product verifies. */
export const seededPasswordHash = (): Promise<string> => new BcryptPasswordHasher().hash(SEEDED_PASSWORD);

/** The commands that `decideSocialNetwork` decides for a shape, for its clock. */
const stepsOf = (shape: SocialNetworkShape): number => shape.users * (3 + shape.meanFollows) + shape.readers * shape.readerFollows + shape.posts;

/**
 * A network of `users` users and `posts` posts (80 % Public, 15 % Followers, 5 % Private, authors drawn uniformly),
 * follows drawn at random, and a few blocks, decided into `writer`; each user signs in as `Bu0001`… with
 * SEEDED_PASSWORD. Everything happens between `from` and `to`, in log order.
 */
export const decideSocialNetwork = (
  writer: HistoryWriter,
  shape: SocialNetworkShape,
  passwordHash: string,
  period: Readonly<{ from: Date; to: Date }>,
): Omit<SocialNetwork, 'events' | 'logDocs' | 'seedMs'> => {
  const random = randomOf(20261202);
  const pick = (count: number) => Math.floor(random() * count);
  const metadata = seedClock(period.from, period.to, stepsOf(shape));

  const users: SeededUser[] = Array.from({ length: shape.users }, (_, index) => ({
    index,
    userId: userIdOf(index),
    username: `Bu${String(index).padStart(4, '0')}`,
  }));
  for (const user of users) registerAccount(writer, metadata, user, passwordHash, AVATAR_COLOURS[pick(AVATAR_COLOURS.length)]!);

  let follows = 0;
  const follow = (follower: SeededUser, followee: SeededUser) => {
    if (follower === followee) return;
    if (followUser(writer, metadata, follower, followee)) follows++;
  };
  for (const user of users) {
    const isReader = user.index >= 1 && user.index <= shape.readers;
    const count = isReader ? shape.readerFollows : pick(2 * shape.meanFollows + 1);
    if (isReader) follow(user, users[0]!);
    for (let i = 0; i < count; i++) follow(user, users[pick(users.length)]!);
  }
  // Every other reader blocks someone, and about 1 % of the users block someone: hidden authors in the feed filters.
  let blocks = 0;
  const blockers = [...users.filter((user) => user.index >= 1 && user.index <= shape.readers && user.index % 2 === 0), ...users.filter(() => random() < 0.01)];
  for (const blocker of blockers) {
    const blocked = users[1 + shape.readers + pick(users.length - 1 - shape.readers)]!;
    if (blocked === blocker) continue;
    const command = { type: 'BlockUser' as const, data: { blockerId: blocker.userId, blockedId: blocked.userId }, metadata: metadata(blocker.userId) };
    if (writer.decide(relationshipDecider, relationshipStreamId(blocker.userId, blocked.userId), command)) blocks++;
  }

  const byPrivacy: Record<Privacy, number> = { Public: 0, Followers: 0, Private: 0 };
  for (let n = 0; n < shape.posts; n++) {
    const author = users[pick(users.length)]!;
    const draw = random();
    const privacy: Privacy = draw < 0.8 ? 'Public' : draw < 0.95 ? 'Followers' : 'Private';
    byPrivacy[privacy]++;
    const text = Array.from({ length: 4 + pick(30) }, () => WORDS[pick(WORDS.length)]!).join(' ');
    const postId = randomUUID();
    writer.decide(postDecider, postStreamId(postId), {
      type: 'CreatePost',
      data: { postId, authorId: author.userId, content: { post: text, bgColor: '#ffffff', privacy, feelings: '', gifUrl: '', image: null, video: null } },
      metadata: metadata(author.userId),
    });
  }
  return { users, posts: shape.posts, byPrivacy, follows, blocks };
};

/** `follower` follows `followee`; false when the follow changed nothing (already following). */
export const followUser = (writer: HistoryWriter, metadata: SeedClock, follower: SeededUser, followee: SeededUser): boolean => {
  const command = { type: 'FollowUser' as const, data: { followerId: follower.userId, followeeId: followee.userId }, metadata: metadata(follower.userId) };
  return writer.decide(relationshipDecider, relationshipStreamId(follower.userId, followee.userId), command);
};

/** The network of `decideSocialNetwork`, in the 30 days before `now`, written into `db` (empty, before the system starts). */
export const seedSocialNetwork = async (db: Db, catalog: EventCatalog, shape: SocialNetworkShape, now: Date): Promise<SocialNetwork> => {
  const started = performance.now();
  const writer = new HistoryWriter(catalog);
  const network = decideSocialNetwork(writer, shape, await seededPasswordHash(), { from: new Date(now.getTime() - 30 * DAY_MS), to: now });
  const logDocs = await writer.write(db, shape.docEvents);
  return { ...network, events: writer.events, logDocs, seedMs: Math.round(performance.now() - started) };
};
