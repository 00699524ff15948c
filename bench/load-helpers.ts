/* What the load-generating child processes of the benchmarks share: the job loop, an autocannon run measured alike, a socket. */
import autocannon from 'autocannon';
import { io, type Socket } from 'socket.io-client';
import type { HttpResult } from './load-clients';
import { latencyOf, round } from './measure';

/** The avatar a sign-up sends: a data URL of a 1×1 PNG. */
export const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Runs autocannon, timing the 2xx answers and counting every status. */
export const measuredAutocannon = async (options: autocannon.Options): Promise<HttpResult> => {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      bytes += resBytes;
    });
  });
  const answered = Object.values(statuses).reduce((total, count) => total + count, 0);
  return {
    connections: options.connections ?? 1,
    durationSec: result.duration,
    requests: answered,
    perSecond: round(latencies.length / result.duration, 1),
    latency: latencyOf(latencies),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: answered - latencies.length,
    statuses,
    meanResponseBytes: answered ? Math.round(bytes / answered) : 0,
  };
};

/** A signed-in socket, websocket only, as the Chatty client opens it. */
export const connectSocket = (url: string, token: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });

/**
 * The child's side of `startJobClient` (bench/load-clients.ts): runs each job the parent sends, one at a time, and
 * answers with its result or its error; exits when the parent goes away.
 */
export const serveJobs = <J>(run: (job: J) => Promise<unknown>): void => {
  process.on('message', (job: J) => {
    run(job).then(
      (result) => process.send?.({ ok: true, result }),
      (error: unknown) => process.send?.({ ok: false, error: String(error instanceof Error ? error.stack : error) }),
    );
  });
  process.send?.({ ready: true });
  // The benchmark ended or died: nothing is left to run.
  process.on('disconnect', () => process.exit(0));
};
