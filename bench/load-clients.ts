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

type Reply<R> = { ready: true } | { ok: true; result: R } | { ok: false; error: string };

/** A child process that runs one job at a time: `run` sends a job and resolves with its result. */
export type JobClient<J, R> = Readonly<{ pid: number; run(job: J): Promise<R>; stop(): Promise<void> }>;

/** Starts `file` (a module beside this one that calls `serveJobs`) as a child process, node --import tsx. */
export const startJobClient = async <J, R>(file: string): Promise<JobClient<J, R>> => {
  const child: ChildProcess = fork(resolve(__dirname, file), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // One job at a time: each message answers the oldest waiter.
  const waiters: Array<(reply: Reply<R>) => void> = [];
  child.on('message', (reply: Reply<R>) => waiters.shift()?.(reply));
  child.on('exit', () => {
    for (const waiter of waiters.splice(0)) waiter({ ok: false, error: `${file} exited` });
  });
  const next = () => new Promise<Reply<R>>((resolveReply) => waiters.push(resolveReply));
  const ready = await next();
  if (!('ready' in ready)) throw new Error(`${file} did not start: ${ready.ok ? '' : ready.error}`);
  return {
    pid: child.pid!,
    run: async (job) => {
      const reply = next();
      child.send(job as object);
      const answer = await reply;
      if ('ready' in answer) throw new Error(`unexpected message from ${file}`);
      if (!answer.ok) throw new Error(`${file}: ${answer.error}`);
      return answer.result;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
};

export type LoadClients = Readonly<{
  pid: number;
  http(job: Omit<HttpJob, 'kind'>): Promise<HttpResult>;
  delivery(job: Omit<DeliveryJob, 'kind'>): Promise<DeliveryResult>;
  stop(): Promise<void>;
}>;

/** Starts bench/load-client.ts as a child process (node --import tsx), which runs one job at a time. */
export const startLoadClients = async (): Promise<LoadClients> => {
  const client = await startJobClient<LoadJob, HttpResult | DeliveryResult>('load-client.ts');
  return {
    pid: client.pid,
    http: (job) => client.run({ kind: 'http', ...job }) as Promise<HttpResult>,
    delivery: (job) => client.run({ kind: 'delivery', ...job }) as Promise<DeliveryResult>,
    stop: client.stop,
  };
};
