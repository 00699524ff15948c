/* The calls of a session of the mixed workload (bench/mixed-workload.ts), with the routes and bodies of the contract. */
import type { Draw, Person, RouteKey, SessionCounts } from './mixed-workload';

export type Call = Readonly<{ route: RouteKey; method: 'GET' | 'POST' | 'PUT'; path: string; token?: string; body?: unknown }>;
/** The answer's status and parsed JSON body; null when the request failed or timed out (the caller recorded which). */
export type Answer = Readonly<{ status: number; body: unknown }> | null;
export type Caller = (call: Call) => Promise<Answer>;

type FeedPost = Readonly<{ _id: string; userId: string; username: string; uId: string; commentsCount?: number; reactions?: unknown }>;

/** What a signed-in virtual user knows: its session, whom it follows among its targets, its conversations, the posts it saw last. */
export type Session = {
  token: string;
  me: Person;
  targets: readonly Person[];
  following: Map<string, boolean | 'unknown'>;
  partners: Array<Person & { conversationId: string | null }>;
  posts: FeedPost[];
};

const REACTIONS = ['like', 'love', 'happy', 'wow', 'sad', 'angry'] as const;
const WORDS = 'hello weekend coffee photo music run city light rain summer code news game trip dinner book film friends'.split(' ');

export const ok = (answer: Answer): answer is { status: number; body: unknown } => answer !== null && answer.status >= 200 && answer.status < 300;

/** The calls a session makes, each built from what the session knows (bodies as the client sends them). */
export const callsOf = (call: Caller, random: () => number, counts: SessionCounts) => {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const as = (session: Session, route: RouteKey, method: Call['method'], path: string, body?: unknown) =>
    call({ route, method, path, token: session.token, body });
  /** Posts it may comment on and react to: not those of the users it follows and unfollows meanwhile. */
  const postOf = (session: Session) => pick(session.posts.filter((post) => !session.targets.some((target) => target.userId === post.userId)));
  const personOf = (session: Session): Person => pick(session.posts) ?? pick(session.partners) ?? session.me;

  const feed = async (session: Session, page = random() < 0.8 ? 1 : 2) => {
    const answer = await as(session, 'feed', 'GET', `/post/all/${page}`);
    if (ok(answer)) session.posts = (answer.body as { posts: FeedPost[] }).posts;
  };
  /** Unfollows the target it follows, if any, else follows one: as many unfollows as follows. */
  const followOrUnfollow = async (session: Session) => {
    const known = session.targets.filter((person) => session.following.get(person.userId) !== 'unknown');
    const followed = known.filter((person) => session.following.get(person.userId) === true);
    const unfollow = followed.length > 0;
    const target = pick(unfollow ? followed : known);
    if (!target) return feed(session);
    const path = unfollow ? `/user/unfollow/${target.userId}/${session.me.userId}` : `/user/follow/${target.userId}`;
    const answer = await as(session, unfollow ? 'unfollow' : 'follow', 'PUT', path);
    // A call that failed may have been applied or not: that target is left alone from then on.
    if (!ok(answer)) counts.followStatesLost++;
    session.following.set(target.userId, ok(answer) ? !unfollow : 'unknown');
  };
  const comment = async (session: Session) => {
    const post = postOf(session);
    if (!post) return feed(session);
    const body = { userTo: post.userId, postId: post._id, comment: wordsOf(random, 6), commentsCount: post.commentsCount ?? 0, profilePicture: '' };
    await as(session, 'comment', 'POST', '/post/comment', body);
  };
  const reaction = async (session: Session) => {
    const post = postOf(session);
    if (!post) return feed(session);
    const type = pick(REACTIONS)!;
    const body = { userTo: post.userId, postId: post._id, type, postReactions: post.reactions ?? {}, profilePicture: '', previousReaction: '' };
    await as(session, 'reaction', 'POST', '/post/reaction', body);
  };
  const message = async (session: Session) => {
    const partner = pick(session.partners)!;
    const body = {
      conversationId: partner.conversationId,
      receiverId: partner.userId,
      receiverUsername: partner.username,
      receiverAvatarColor: '#2196f3',
      receiverProfilePicture: '',
      body: wordsOf(random, 5),
      isRead: false,
      gifUrl: '',
      selectedImage: '',
    };
    const answer = await as(session, 'message', 'POST', '/chat/message', body);
    if (ok(answer)) partner.conversationId = (answer.body as { conversationId: string }).conversationId;
  };
  const post = (session: Session) => {
    const privacy = random() < 0.7 ? 'Public' : 'Followers';
    const body = { post: wordsOf(random, 10), bgColor: '#ffffff', privacy, feelings: '', gifUrl: '', profilePicture: '', image: '', video: '' };
    return as(session, 'post', 'POST', '/post', body);
  };
  const profile = (session: Session) => {
    const { username, userId, uId } = personOf(session);
    return as(session, 'profile', 'GET', `/user/profile/posts/${username}/${userId}/${uId}`);
  };
  const draws: Record<Draw, (session: Session) => Promise<unknown>> = {
    feed: (session) => feed(session),
    currentUser: (session) => as(session, 'currentUser', 'GET', '/currentuser'),
    notifications: (session) => as(session, 'notifications', 'GET', '/notifications'),
    profile,
    conversations: (session) => as(session, 'conversations', 'GET', '/chat/message/conversation-list'),
    history: (session) => as(session, 'history', 'GET', `/chat/message/user/${pick(session.partners)!.userId}`),
    followers: (session) => as(session, 'followers', 'GET', `/user/followers/${personOf(session).userId}`),
    following: (session) => as(session, 'following', 'GET', '/user/following'),
    followOrUnfollow,
    post,
    comment,
    reaction,
    message,
  };
  return {
    feed,
    currentUser: draws.currentUser,
    draw: async (session: Session, draw: Draw) => {
      await draws[draw](session);
    },
  };
};

const wordsOf = (random: () => number, count: number): string =>
  Array.from({ length: 2 + Math.floor(random() * count) }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(' ');
