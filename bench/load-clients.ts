import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Latency } from './measure';

export type HttpRequest = Readonly<{ method: 'GET'; path: string; headers: Record<string, string> }>;

/** Each connection sends `requests` in turn, over and over, for `durationSec`. */
export type HttpJob = Readonly<{ kind: 'http'; url: string; connections: number; durationSec: number; requests: HttpRequest[] }>;

export type HttpResult = Readonly<{
  connections: number;
  durationSec: number;
  /** Answered, whatever the status. */
  requests: number;
  /** 2xx answers per second. */
  perSecond: number;
  /** Of the 2xx answers, from sending the request to the last byte of the answer. */
  latency: Latency;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
  meanResponseBytes: number;
}>;

/** `POST /api/v1/post` by the poster at a fixed rate, `add post` awaited at each reader's socket. */
export type DeliveryJob = Readonly<{
  kind: 'delivery';
  baseUrl: string;
  posterToken: string;
  readerTokens: string[];
  ratePerSecond: number;
  durationSec: number;
  /** How long to wait after the last answer for messages still on their way. */
  settleMs: number;
}>;

export type DeliveryResult = Readonly<{
  posts: number;
  readers: number;
  statuses: Record<string, number>;
  /** From sending the POST to its 201. */
  post201: Latency;
  /** From sending the POST to `add post` at a reader's socket, one sample per post and reader. */
  delivery: Latency;
  /** From sending the POST to the first reader's `add post`. */
  firstReader: Latency;
  missing: number;
  /** Each post's text is `${tag} #${n}`; its times in ms since the epoch (performance.timeOrigin + now()), null when it never came. */
  tag: string;
  perPost: Array<Readonly<{ sentAt: number; answeredAt: number | null; firstReaderAt: number | null }>>;
}>;

export type LoadJob = HttpJob | DeliveryJob;

type Reply = { ready: true } | { ok: true; result: HttpResult | DeliveryResult } | { ok: false; error: string };

export type LoadClients = Readonly<{
  pid: number;
  http(job: Omit<HttpJob, 'kind'>): Promise<HttpResult>;
  delivery(job: Omit<DeliveryJob, 'kind'>): Promise<DeliveryResult>;
  stop(): Promise<void>;
}>;

/** Starts bench/load-client.ts as a child process (node --import tsx), which runs one job at a time. */
export const startLoadClients = async (): Promise<LoadClients> => {
  const child: ChildProcess = fork(resolve(__dirname, 'load-client.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // One job at a time: each message answers the oldest waiter.
  const waiters: Array<(reply: Reply) => void> = [];
  child.on('message', (reply: Reply) => waiters.shift()?.(reply));
  child.on('exit', () => {
    for (const waiter of waiters.splice(0)) waiter({ ok: false, error: 'the load client exited' });
  });
  const next = () => new Promise<Reply>((resolveReply) => waiters.push(resolveReply));
  const ready = await next();
  if (!('ready' in ready)) throw new Error(`the load client did not start: ${ready.ok ? '' : ready.error}`);
  const run = async <R>(job: LoadJob): Promise<R> => {
    const reply = next();
    child.send(job);
    const answer = await reply;
    if ('ready' in answer) throw new Error('unexpected message from the load client');
    if (!answer.ok) throw new Error(`load client: ${answer.error}`);
    return answer.result as R;
  };
  return {
    pid: child.pid!,
    http: (job) => run<HttpResult>({ kind: 'http', ...job }),
    delivery: (job) => run<DeliveryResult>({ kind: 'delivery', ...job }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
};
