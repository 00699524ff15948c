/*
 * The client of the sign-in benchmark, in a process of its own (started by bench/sign-in.ts), so that the load
 * generator does not share the measured event loop: a burst of sign-ups (each a new user) or sign-ins (the users
 * given, in turn) through autocannon. Every duration is measured here, on this process's clock.
 */
import autocannon from 'autocannon';
import type { HttpResult } from './load-clients';
import { latencyOf, round } from './measure';

const PASSWORD = 'bench-password-1';
const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** `usernames`: the users a sign-up burst creates (the names the contract allows: 4 to 8 characters), or signs in. */
export type BurstJob = Readonly<{ kind: 'sign-up' | 'sign-in'; url: string; connections: number; usernames: string[] }>;

const bodyOf = (kind: BurstJob['kind'], username: string): string =>
  JSON.stringify(
    kind === 'sign-up'
      ? { username, password: PASSWORD, email: `${username}@bench.example`, avatarColor: '#ff0000', avatarImage: TINY_PNG }
      : { username, password: PASSWORD },
  );

/** One request per name, `connections` at a time. */
const runBurst = async (job: BurstJob): Promise<HttpResult> => {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let next = 0;
  const path = job.kind === 'sign-up' ? '/api/v1/signup' : '/api/v1/signin';
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url: job.url,
      connections: job.connections,
      amount: job.usernames.length,
      timeout: 30,
      requests: [
        {
          method: 'POST' as const,
          path,
          headers: { 'content-type': 'application/json' },
          setupRequest: (request: autocannon.Request) => ({ ...request, body: bodyOf(job.kind, job.usernames[next++ % job.usernames.length]!) }),
        },
      ],
    };
    const instance = autocannon(options, (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      bytes += resBytes;
    });
  });
  const answered = Object.values(statuses).reduce((total, count) => total + count, 0);
  return {
    connections: job.connections,
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

process.on('message', (job: BurstJob) => {
  runBurst(job).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error instanceof Error ? error.stack : error) }),
  );
});
process.send?.({ ready: true });
// The benchmark's process went away: nothing is left to measure.
process.on('disconnect', () => process.exit(0));
