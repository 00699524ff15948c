/*
 * The client of the mixed benchmark, in a process of its own (started by bench/mixed.ts through startJobClient), so
 * that the load generator shares no event loop with the system it measures. A closed loop: each virtual user sends
 * its next request when the previous one has answered (bench/mixed-workload.ts). Every request is timed here, from
 * sending it to the last byte of its answer, and recorded under its route's template.
 */
import { serveJobs } from './load-helpers';
import { latencyOf, now, round, type Latency } from './measure';
import type { Answer, Call } from './mixed-calls';
import { ROUTES, runVirtualUser, type SessionCounts, type VuPlan } from './mixed-workload';

const REQUEST_TIMEOUT_MS = 10_000;
/** The system's default READ_YOUR_WRITES_TIMEOUT_MS: a read that waited that long for the caller's own writes gave up waiting. */
const SLOW_MS = 2_000;

/** `vus` virtual users of the mixed workload against `baseUrl`, for `durationSec`. */
export type MixedJob = Readonly<{ kind: 'mixed'; baseUrl: string; durationSec: number; vus: VuPlan[] }>;

/** `connections` loops, each sending the `GET`s of `requests` in turn (the floor's route), for `durationSec`. */
export type FloorJob = Readonly<{ kind: 'floor'; baseUrl: string; durationSec: number; connections: number; requests: Array<{ path: string; token: string }> }>;

export type RouteResult = Readonly<{
  route: string;
  /** Sent and finished, whatever the outcome. */
  requests: number;
  /** 2xx answers per second of the run. */
  perSecond: number;
  /** Of the 2xx answers. */
  latency: Latency;
  /** 2xx answers that took SLOW_MS or longer. */
  slow: number;
  /** Answers other than 2xx, by status. */
  non2xx: Record<string, number>;
  /** No answer: a network error, or none within REQUEST_TIMEOUT_MS. */
  errors: number;
  timeouts: number;
}>;

export type LoadResult = Readonly<{ connections: number; durationSec: number; routes: RouteResult[]; total: RouteResult; sessions?: SessionCounts }>;

type Outcome = number | 'error' | 'timeout';

/** Durations and outcomes by route. */
class Recorder {
  private readonly byRoute = new Map<string, Array<{ outcome: Outcome; ms: number }>>();

  record(route: string, outcome: Outcome, ms: number): void {
    const samples = this.byRoute.get(route) ?? [];
    samples.push({ outcome, ms });
    this.byRoute.set(route, samples);
  }

  result(connections: number, durationSec: number, sessions?: SessionCounts): LoadResult {
    const summary = (route: string, samples: ReadonlyArray<{ outcome: Outcome; ms: number }>): RouteResult => {
      const ok = samples.filter(({ outcome }) => typeof outcome === 'number' && outcome >= 200 && outcome < 300);
      const non2xx: Record<string, number> = {};
      for (const { outcome } of samples) if (typeof outcome === 'number' && (outcome < 200 || outcome >= 300)) non2xx[outcome] = (non2xx[outcome] ?? 0) + 1;
      return {
        route,
        requests: samples.length,
        perSecond: round(ok.length / durationSec, 1),
        latency: latencyOf(ok.map(({ ms }) => ms)),
        slow: ok.filter(({ ms }) => ms >= SLOW_MS).length,
        non2xx,
        errors: samples.filter(({ outcome }) => outcome === 'error').length,
        timeouts: samples.filter(({ outcome }) => outcome === 'timeout').length,
      };
    };
    const routes = [...this.byRoute].map(([route, samples]) => summary(route, samples)).sort((a, b) => b.requests - a.requests);
    return { connections, durationSec, routes, total: summary('all', [...this.byRoute.values()].flat()), sessions };
  }
}

const isTimeout = (error: unknown): boolean => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/** Sends one call to the API and records it; the answer's JSON body, when it has one. */
const caller =
  (baseUrl: string, recorder: Recorder) =>
  async (call: Call): Promise<Answer> => {
    const started = now();
    const route = ROUTES[call.route];
    try {
      const headers: Record<string, string> = call.token ? { authorization: `Bearer ${call.token}` } : {};
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}/api/v1${call.path}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      recorder.record(route, response.status, now() - started);
      return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as unknown) : text };
    } catch (error) {
      recorder.record(route, isTimeout(error) ? 'timeout' : 'error', now() - started);
      return null;
    }
  };

const runMixed = async (job: MixedJob): Promise<LoadResult> => {
  const recorder = new Recorder();
  const call = caller(job.baseUrl, recorder);
  const started = now();
  const perVu = await Promise.all(job.vus.map((plan) => runVirtualUser(plan, call, now, started + job.durationSec * 1000)));
  const sessions = perVu.reduce<SessionCounts>(
    (total, counts) => ({
      signIns: total.signIns + counts.signIns,
      signUps: total.signUps + counts.signUps,
      failedStarts: total.failedStarts + counts.failedStarts,
      followStatesLost: total.followStatesLost + counts.followStatesLost,
    }),
    { signIns: 0, signUps: 0, failedStarts: 0, followStatesLost: 0 },
  );
  return recorder.result(job.vus.length, round((now() - started) / 1000, 2), sessions);
};

const runFloor = async (job: FloorJob): Promise<LoadResult> => {
  const recorder = new Recorder();
  const call = caller(job.baseUrl, recorder);
  const started = now();
  const deadline = started + job.durationSec * 1000;
  await Promise.all(
    Array.from({ length: job.connections }, async (_, worker) => {
      for (let n = worker; now() < deadline; n += job.connections) {
        const { path, token } = job.requests[n % job.requests.length]!;
        await call({ route: 'feed', method: 'GET', path, token });
      }
    }),
  );
  return recorder.result(job.connections, round((now() - started) / 1000, 2));
};

serveJobs((job: MixedJob | FloorJob) => (job.kind === 'mixed' ? runMixed(job) : runFloor(job)));
