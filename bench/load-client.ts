/*
 * The clients of the feeds benchmark, in a process of their own (started by bench/load-clients.ts), so that the load
 * generator does not share the measured server's event loop: HTTP load through autocannon, and posts sent at a fixed
 * rate while reader sockets wait for them. Every duration is measured here, on this process's clock.
 */
import { connectSocket, measuredAutocannon, serveJobs } from './load-helpers';
import { latencyOf, now, round } from './measure';
import type { DeliveryJob, DeliveryResult, HttpJob, HttpResult, LoadJob } from './load-clients';

const runHttp = (job: HttpJob): Promise<HttpResult> =>
  measuredAutocannon({ url: job.url, connections: job.connections, duration: job.durationSec, requests: job.requests, timeout: 10 });

type Post = { post?: string };

/**
 * Posts `ratePerSecond` posts for `durationSec`, open loop (a slow answer delays no later post), each with a text
 * that numbers it; every reader socket notes when its `add post` for each number arrives.
 */
const runDelivery = async (job: DeliveryJob): Promise<DeliveryResult> => {
  const sockets = await Promise.all(job.readerTokens.map((token) => connectSocket(job.baseUrl, token)));
  const tag = `bench-${process.pid}-${Date.now().toString(36)}`;
  const count = job.ratePerSecond * job.durationSec;
  const sentAt: number[] = new Array<number>(count);
  const answeredAt: Array<number | null> = new Array<number | null>(count).fill(null);
  const answeredIn: number[] = [];
  const statuses: Record<string, number> = {};
  const numbered = new RegExp(`^${tag} #(\\d+)$`);
  const arrivals = sockets.map(() => new Map<number, number>());
  sockets.forEach((socket, reader) =>
    socket.on('add post', (post: Post) => {
      const match = numbered.exec(post.post ?? '');
      if (match) arrivals[reader]!.set(Number(match[1]), now());
    }),
  );
  const send = async (n: number) => {
    sentAt[n] = now();
    const response = await fetch(`${job.baseUrl}/api/v1/post`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${job.posterToken}` },
      body: JSON.stringify({ post: `${tag} #${n}`, bgColor: '#ffffff', privacy: n % 2 === 0 ? 'Public' : 'Followers', feelings: '', gifUrl: '' }),
    }).catch(() => null);
    await response?.arrayBuffer();
    statuses[response?.status ?? 0] = (statuses[response?.status ?? 0] ?? 0) + 1;
    if (response?.status !== 201) return;
    const at = now();
    answeredAt[n] = at;
    answeredIn.push(at - sentAt[n]);
  };
  const started = now();
  const inFlight: Array<Promise<void>> = [];
  for (let n = 0; n < count; n++) {
    const due = started + (n * 1000) / job.ratePerSecond;
    if (due > now()) await new Promise((resolve) => setTimeout(resolve, due - now()));
    inFlight.push(send(n));
  }
  await Promise.all(inFlight);
  const settleUntil = now() + job.settleMs;
  while (now() < settleUntil && arrivals.some((arrived) => arrived.size < count)) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const socket of sockets) socket.disconnect();

  const delivery: number[] = [];
  const first: number[] = [];
  const firstAt: Array<number | null> = [];
  for (let n = 0; n < count; n++) {
    const times = arrivals.map((arrived) => arrived.get(n)).filter((at): at is number => at !== undefined);
    delivery.push(...times.map((at) => at - sentAt[n]!));
    firstAt.push(times.length > 0 ? Math.min(...times) : null);
    if (times.length > 0) first.push(Math.min(...times) - sentAt[n]!);
  }
  const epoch = (at: number | null) => (at === null ? null : round(performance.timeOrigin + at, 3));
  return {
    posts: count,
    readers: sockets.length,
    statuses,
    post201: latencyOf(answeredIn),
    delivery: latencyOf(delivery),
    firstReader: latencyOf(first),
    missing: count * sockets.length - delivery.length,
    tag,
    perPost: sentAt.map((at, n) => ({ sentAt: epoch(at)!, answeredAt: epoch(answeredAt[n]!), firstReaderAt: epoch(firstAt[n]!) })),
  };
};

serveJobs((job: LoadJob) => (job.kind === 'http' ? runHttp(job) : runDelivery(job)));
