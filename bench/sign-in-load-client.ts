/*
 * The client of the sign-in benchmark, in a process of its own (started by bench/sign-in.ts), so that the load
 * generator does not share the measured event loop: a burst of sign-ups (each a new user) or sign-ins (the users
 * given, in turn) through autocannon. Every duration is measured here, on this process's clock.
 */
import type autocannon from 'autocannon';
import type { HttpResult } from './load-clients';
import { measuredAutocannon, serveJobs, TINY_PNG } from './load-helpers';

const PASSWORD = 'bench-password-1';

/** `usernames`: the users a sign-up burst creates (the names the contract allows: 4 to 8 characters), or signs in. */
export type BurstJob = Readonly<{ kind: 'sign-up' | 'sign-in'; url: string; connections: number; usernames: string[] }>;

const bodyOf = (kind: BurstJob['kind'], username: string): string =>
  JSON.stringify(
    kind === 'sign-up'
      ? { username, password: PASSWORD, email: `${username}@bench.example`, avatarColor: '#ff0000', avatarImage: TINY_PNG }
      : { username, password: PASSWORD },
  );

/** One request per name, `connections` at a time. */
const runBurst = (job: BurstJob): Promise<HttpResult> => {
  let next = 0;
  const path = job.kind === 'sign-up' ? '/api/v1/signup' : '/api/v1/signin';
  return measuredAutocannon({
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
  });
};

serveJobs(runBurst);
