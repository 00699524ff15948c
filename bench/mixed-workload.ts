/*
 * The mixed workload: what one virtual user does, as the Chatty client would, on the routes and bodies of the
 * contract (../shared/reference/chatty-contract.md, sections 2 and 11). A virtual user runs sessions one after the
 * other: each begins with a sign-in of one of its members (or, one session in ten, the sign-up of a new account),
 * loads the first screens, then makes SESSION_OPS calls drawn by ROUTE_WEIGHTS (bench/mixed-calls.ts). Its draws come
 * from a generator seeded by its number, so two systems get the same draws (whom a call names also depends on the
 * answers: the posts of its last feed page). It keeps what it needs to avoid refusals that the workload itself would
 * cause: whom each of its members follows, the posts it may comment on, each conversation's id.
 */
import { randomOf, SEEDED_PASSWORD } from './feeds-seed';
import { TINY_PNG } from './load-helpers';
import { callsOf, ok, type Caller, type Session } from './mixed-calls';

export type Person = Readonly<{ userId: string; username: string; uId: string }>;

/** A seeded account that a virtual user signs in as; only that virtual user acts as it, so it knows its follows. */
export type Member = Person &
  Readonly<{
    /** Users it does not follow in the seeded store, and whom only it follows and unfollows during the runs. */
    targets: Person[];
    /** Its seeded conversations. */
    partners: Array<Person & Readonly<{ conversationId: string }>>;
  }>;

export type VuPlan = Readonly<{
  vu: number;
  members: Member[];
  /** Whom its new accounts follow and unfollow (any seeded user: a new account follows no one). */
  newUserTargets: Person[];
  /** Its new accounts are `${signUpPrefix}000`, `${signUpPrefix}001`… (usernames of 4 to 8 characters). */
  signUpPrefix: string;
}>;

/** Route templates, as the contract names them. */
export const ROUTES = {
  signIn: 'POST /signin',
  signUp: 'POST /signup',
  currentUser: 'GET /currentuser',
  feed: 'GET /post/all/:page',
  notifications: 'GET /notifications',
  profile: 'GET /user/profile/posts/:username/:userId/:uId',
  conversations: 'GET /chat/message/conversation-list',
  history: 'GET /chat/message/user/:receiverId',
  followers: 'GET /user/followers/:userId',
  following: 'GET /user/following',
  follow: 'PUT /user/follow/:followerId',
  unfollow: 'PUT /user/unfollow/:followeeId/:followerId',
  post: 'POST /post',
  comment: 'POST /post/comment',
  reaction: 'POST /post/reaction',
  message: 'POST /chat/message',
} as const;

export type RouteKey = keyof typeof ROUTES;

/** Weights of the calls within a session, after its first screens: 79 % reads, 21 % writes. */
export const ROUTE_WEIGHTS = {
  feed: 38,
  currentUser: 8,
  notifications: 10,
  profile: 10,
  conversations: 8,
  history: 10,
  followers: 8,
  following: 8,
  followOrUnfollow: 4,
  post: 3,
  comment: 5,
  reaction: 8,
  message: 6,
} as const;

export type Draw = keyof typeof ROUTE_WEIGHTS;

export const SESSION_OPS = 40;
/** One session in this many signs a new account up instead of signing a member in. */
const SIGN_UP_EVERY = 10;
/** Sign-ins of one member per run, under the limit of 10 tries per username and address in 5 minutes (one more is the setup's). */
export const MAX_SIGN_INS_PER_MEMBER = 7;

type MemberState = { member: Member; signIns: number; following: Map<string, boolean | 'unknown'> };

export type SessionCounts = { signIns: number; signUps: number; failedStarts: number; followStatesLost: number };

/** Runs one virtual user's sessions until `deadline` (a `clock()` time), through `call`. */
export const runVirtualUser = async (plan: VuPlan, call: Caller, clock: () => number, deadline: number): Promise<SessionCounts> => {
  const random = randomOf(7919 * (plan.vu + 1));
  const members: MemberState[] = plan.members.map((member) => ({ member, signIns: 0, following: new Map() }));
  const counts: SessionCounts = { signIns: 0, signUps: 0, failedStarts: 0, followStatesLost: 0 };
  let signedUp = 0;
  let session: Session | undefined;

  const signIn = async (): Promise<Session | undefined> => {
    const state = members.filter((m) => m.signIns < MAX_SIGN_INS_PER_MEMBER).sort((a, b) => a.signIns - b.signIns)[0];
    if (!state) return session;
    state.signIns++;
    counts.signIns++;
    const { member } = state;
    const answer = await call({ route: 'signIn', method: 'POST', path: '/signin', body: { username: member.username, password: SEEDED_PASSWORD } });
    if (!ok(answer)) return undefined;
    const partners = member.partners.map((partner) => ({ ...partner }));
    return { token: tokenOf(answer.body), me: member, targets: member.targets, following: state.following, partners, posts: [] };
  };

  const signUp = async (): Promise<Session | undefined> => {
    counts.signUps++;
    const username = `${plan.signUpPrefix}${(signedUp++).toString(36).padStart(3, '0')}`;
    const body = { username, email: `${username.toLowerCase()}@bench.example`, password: SEEDED_PASSWORD, avatarColor: '#4caf50', avatarImage: TINY_PNG };
    const answer = await call({ route: 'signUp', method: 'POST', path: '/signup', body });
    if (!ok(answer)) return undefined;
    const user = (answer.body as { user: { _id: string; uId: string } }).user;
    const first = plan.members[0]!;
    return {
      token: tokenOf(answer.body),
      me: { userId: user._id, username, uId: String(user.uId) },
      targets: plan.newUserTargets,
      following: new Map(),
      partners: [{ userId: first.userId, username: first.username, uId: first.uId, conversationId: null }],
      posts: [],
    };
  };

  const ops = callsOf(call, random, counts);
  while (clock() < deadline) {
    const started = random() < 1 / SIGN_UP_EVERY ? await signUp() : await signIn();
    if (started === undefined) counts.failedStarts++;
    session = started ?? session;
    if (!session) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    await ops.currentUser(session);
    await ops.feed(session, 1);
    for (let n = 0; n < SESSION_OPS && clock() < deadline; n++) await ops.draw(session, drawOf(random()));
  }
  return counts;
};

const tokenOf = (body: unknown): string => (body as { token: string }).token;

const TOTAL_WEIGHT = Object.values(ROUTE_WEIGHTS).reduce((total, weight) => total + weight, 0);

const drawOf = (value: number): Draw => {
  let left = value * TOTAL_WEIGHT;
  for (const [draw, weight] of Object.entries(ROUTE_WEIGHTS) as Array<[Draw, number]>) {
    left -= weight;
    if (left < 0) return draw;
  }
  return 'feed';
};
