import type { FerretDbHandler } from '@infrastructure/embedded';

export const BENCHMARKS = ['appends', 'rebuild', 'latency', 'feeds', 'chat', 'sign-in', 'idle', 'mixed'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];
/** What runs without --only: the feeds and chat benchmarks start the whole system and take minutes, so they run when named. */
const DEFAULT_BENCHMARKS: BenchmarkName[] = ['appends', 'rebuild', 'latency'];

export type BenchOptions = Readonly<{
  handlers: FerretDbHandler[];
  /** Which benchmarks to run (all by default). */
  only: BenchmarkName[];
  /** Single-event appends per append run (benchmark 1). */
  events: number;
  /** Writers of the concurrent append runs. */
  writers: number;
  /** Streams shared by all writers in the contended run. */
  contendedStreams: number;
  /** Store sizes (commits) at which append latency is sampled (benchmark 3). */
  sizes: number[];
  /** Appends timed at each store size. */
  latencySamples: number;
  /** Events in the log before the projection rebuild (benchmark 2). */
  rebuildEvents: number;
  /** ProjectionRunner batch size. */
  batchSize: number;
  /** Sequencer maxEventsPerDoc. */
  maxEventsPerDoc: number;
  /** Events per log document in the bulk-seeded logs (benchmarks 2 and 3). */
  seedDocEvents: number;
  warmup: number;
  /** Users and posts seeded for the feeds benchmark. */
  feedUsers: number;
  feedPosts: number;
  /** Duration of each timed HTTP run, and the concurrencies (connections) measured. */
  feedSeconds: number;
  feedConnections: number[];
  /** Posts per second of each delivery run, and for how long. */
  deliveryRates: number[];
  deliverySeconds: number;
  /** Chat: sender/receiver pairs of the delivery runs, and messages of the deep conversation. */
  chatPairs: number;
  chatDepth: number;
  /** Chat: messages per second of each delivery run; duration of each delivery and history run. */
  chatRates: number[];
  chatSeconds: number;
  /** Chat: concurrencies (connections) of the history runs. */
  chatConnections: number[];
  /** Sign-in: users of each sign-up burst (each then signs in twice). */
  signInUsers: number;
  /** Idle: length of each measured window with no traffic. */
  idleSeconds: number;
  /** Mixed workload: duration of each run, its concurrencies (virtual users), and the revision of the "before" system. */
  mixedSeconds: number;
  mixedConnections: number[];
  before: string;
  output: string;
}>;

const usage = `usage: npm run bench -- [options]
  --handler=sqlite|postgresql|both   FerretDB handler(s) to measure (default both)
  --only=appends,rebuild,latency,feeds,chat,sign-in,idle,mixed  run only these benchmarks (default the first three: the others run only when named)
  --events=N                         single-event appends per append run (default 1000)
  --writers=C                        concurrent writers (default 16)
  --contended-streams=S              streams shared by the writers of the contended run (default 4)
  --sizes=A,B,...                    store sizes in commits for the latency benchmark (default 1000,10000,50000)
  --latency-samples=N                appends timed at each store size (default 300)
  --rebuild-events=M                 events in the log for the projection rebuild (default 8000)
  --batch=B                          ProjectionRunner batch size (default 500, as in the container)
  --max-events-per-doc=D             Sequencer maxEventsPerDoc (default 500, as in the container)
  --seed-doc-events=K                events per log document in bulk-seeded logs (default 8)
  --warmup=W                         untimed operations before each timed run (default 50)
  --feed-users=U --feed-posts=P      feeds: users and posts seeded (default 1000 and 10000)
  --feed-seconds=S                   feeds: duration of each timed HTTP run (default 10)
  --feed-connections=A,B,...         feeds: concurrencies of the HTTP runs (default 1,10,50)
  --delivery-rates=A,B,...           feeds: posts per second of each delivery run (default 5,20)
  --delivery-seconds=S               feeds: duration of each delivery run (default 20)
  --chat-pairs=N                     chat: sender/receiver pairs of the delivery runs (default 10)
  --chat-depth=M                     chat: messages of the deep conversation (default 100000)
  --chat-rates=A,B,...               chat: messages per second of each delivery run (default 20,100,200)
  --chat-seconds=S                   chat: duration of each delivery run and each history run (default 10)
  --chat-connections=A,B,...         chat: concurrencies of the history runs (default 1,10)
  --sign-in-users=N                  sign-in: users of each sign-up burst, each then signing in twice (default 200)
  --idle-seconds=S                   idle: length of each measured window with no traffic (default 60)
  --mixed-seconds=S                  mixed: duration of each run of the mixed workload (default 30)
  --mixed-connections=A,B,...        mixed: virtual users of each run (default 10,50)
  --before=REV                       mixed: the git revision measured as "before", beside the working tree (default d180be0)
  --output=PATH                      JSON results (default .data/bench/latest.json)
Environment: MONGO_URL and REDIS_URL use existing servers instead of starting them (then --handler only labels the run).`;

const positive = (name: string, value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name}: expected a positive integer, got "${value}"\n${usage}`);
  return number;
};

export const parseOptions = (argv: readonly string[]): BenchOptions => {
  const values = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${usage}`);
    values.set(match[1]!, match[2]!);
  }
  const known = [
    'handler',
    'only',
    'events',
    'writers',
    'contended-streams',
    'sizes',
    'latency-samples',
    'rebuild-events',
    'batch',
    'max-events-per-doc',
    'seed-doc-events',
    'warmup',
    'feed-users',
    'feed-posts',
    'feed-seconds',
    'feed-connections',
    'delivery-rates',
    'delivery-seconds',
    'chat-pairs',
    'chat-depth',
    'chat-rates',
    'chat-seconds',
    'chat-connections',
    'sign-in-users',
    'idle-seconds',
    'mixed-seconds',
    'mixed-connections',
    'before',
    'output',
  ];
  for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}\n${usage}`);
  const int = (name: string, fallback: number) => (values.has(name) ? positive(name, values.get(name)!) : fallback);
  const list = (name: string, fallback: string) => (values.get(name) ?? fallback).split(',').map((value) => positive(name, value.trim()));

  const handler = values.get('handler') ?? 'both';
  if (!['sqlite', 'postgresql', 'both'].includes(handler)) throw new Error(`--handler: expected sqlite, postgresql or both\n${usage}`);
  const sizes = (values.get('sizes') ?? '1000,10000,50000').split(',').map((size) => positive('sizes', size.trim()));
  if (sizes.some((size, index) => index > 0 && size <= sizes[index - 1]!)) throw new Error('--sizes: expected increasing sizes');

  const only = (values.get('only') ?? DEFAULT_BENCHMARKS.join(',')).split(',').map((name) => name.trim());
  for (const name of only) if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark "${name}"\n${usage}`);

  return {
    only: only as BenchmarkName[],
    handlers: handler === 'both' ? ['sqlite', 'postgresql'] : [handler as FerretDbHandler],
    events: int('events', 1000),
    writers: int('writers', 16),
    contendedStreams: int('contended-streams', 4),
    sizes,
    latencySamples: int('latency-samples', 300),
    rebuildEvents: int('rebuild-events', 8_000),
    batchSize: int('batch', 500),
    maxEventsPerDoc: int('max-events-per-doc', 500),
    seedDocEvents: int('seed-doc-events', 8),
    warmup: int('warmup', 50),
    feedUsers: int('feed-users', 1_000),
    feedPosts: int('feed-posts', 10_000),
    feedSeconds: int('feed-seconds', 10),
    feedConnections: (values.get('feed-connections') ?? '1,10,50').split(',').map((value) => positive('feed-connections', value.trim())),
    deliveryRates: (values.get('delivery-rates') ?? '5,20').split(',').map((value) => positive('delivery-rates', value.trim())),
    deliverySeconds: int('delivery-seconds', 20),
    chatPairs: int('chat-pairs', 10),
    chatDepth: int('chat-depth', 100_000),
    chatRates: list('chat-rates', '20,100,200'),
    chatSeconds: int('chat-seconds', 10),
    chatConnections: list('chat-connections', '1,10'),
    signInUsers: int('sign-in-users', 200),
    idleSeconds: int('idle-seconds', 60),
    mixedSeconds: int('mixed-seconds', 30),
    mixedConnections: list('mixed-connections', '10,50'),
    before: values.get('before') ?? 'd180be0',
    output: values.get('output') ?? '.data/bench/latest.json',
  };
};
