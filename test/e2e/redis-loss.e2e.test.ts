import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { longestGapBetween, longestRun, longestRunPerClient, startLoad, type LoadClient, type Sample } from '@test/support/load';
import { seedPastSessions, type PastSessions } from '@test/support/history';
import { eventually, startTestSystem, type TestSystem } from '@test/support/test-system';
import { uniqueName } from '@test/support/unique-name';
import { bearer, signUpUser } from '@test/support/users';

/** Requests per second, all clients together (hardening item 6: "under the same load", 20 to 50 per second). */
const RATE = 40;
/** How long the load runs before the first fault and after each recovery (a fixed length, not a wait for a result). */
const STEADY_MS = 2_000;
/** How long Redis stays down during the restart (part of the fault, not a wait for a result). */
const REDIS_DOWN_MS = 1_000;
/** The bound of the issue: no request may get 503 for longer than this. */
const MAX_503_WINDOW_MS = 2_000;
/** Past sign-ins (two events each) in the log before the system starts; REDIS_LOSS_PAST_SESSIONS sets another size. */
const PAST_SESSIONS = Number(process.env.REDIS_LOSS_PAST_SESSIONS ?? 10_000);
/** Generous: rebuilding the read models from the log after a loss. */
const RECOVERY_TIMEOUT_MS = 240_000;

const isServerError = (sample: Sample) => sample.status >= 500;

describe('losing Redis under load (hardening item 6)', () => {
  let sut: TestSystem;
  let history: PastSessions;
  const api = () => request(sut.baseUrl);
  /** Resolves with the time the read models authentication and the load use have caught up with the log. */
  const recovered = () =>
    eventually(
      async () => {
        const registry = new GenerationRegistry(sut.redis);
        const recovering = await Promise.all(['identity.access', 'profile.users'].map((name) => registry.isRecovering(name)));
        return recovering.every((value) => !value) ? Date.now() : null;
      },
      RECOVERY_TIMEOUT_MS,
      'the read models to be rebuilt',
    );

  beforeAll(async () => {
    // A past, so that rebuilding the read models takes seconds as in production (the issue saw 21 to 24 s), not the
    // fraction of a second an empty log takes: with an empty log, a 503 window would stay under 2 s by itself.
    const dbName = uniqueName('sys').slice(0, 38);
    history = await seedPastSessions(process.env.MONGO_URL!, dbName, PAST_SESSIONS);
    sut = await startTestSystem({ MONGO_DB: dbName });
    await recovered();
  }, 600_000);
  afterAll(() => sut.stop(), 120_000);

  it('keeps signed-in users in and revoked sessions out through a FLUSHALL and a Redis restart, with no 503 window over 2 s', async () => {
    const [a, b, c, signedOut, changer] = await Promise.all(Array.from({ length: 5 }, () => signUpUser(sut.baseUrl, 'r')));
    await api().get('/api/v1/signout').set(bearer(signedOut!)).expect(200);
    // The changer signs in again and changes the password from that second session: the first one is outdated.
    const second = await api().post('/api/v1/signin').send({ username: changer!.username, password: changer!.password }).expect(200);
    const kept = { token: second.body.token as string };
    await api()
      .put('/api/v1/user/profile/change-password')
      .set(bearer(kept))
      .send({ currentPassword: changer!.password, newPassword: 'qwerty2', confirmPassword: 'qwerty2' })
      .expect(200);

    const signedIn = { a: a!.token, b: b!.token, c: c!.token, kept: kept.token };
    const revoked = { signedOut: signedOut!.token, outdated: changer!.token };
    const currentUser = (token: string) => api().get('/api/v1/currentuser').set(bearer({ token }));
    const allAnswerAsExpected = async () => {
      for (const token of Object.values(revoked)) if ((await currentUser(token)).status !== 401) return false;
      for (const token of Object.values(signedIn)) {
        const response = await currentUser(token);
        if (response.status !== 200 || response.body.isUser !== true) return false;
      }
      return true;
    };
    // The access model follows the log: the revocations are in it before the faults start.
    await eventually(allAnswerAsExpected, RECOVERY_TIMEOUT_MS, 'the read models to be built and to hold the revocations');

    const client = (name: string, token: string): LoadClient => ({
      name,
      send: async (signal) => {
        const response = await fetch(`${sut.baseUrl}/api/v1/currentuser`, { headers: { Authorization: `Bearer ${token}` }, signal });
        await response.arrayBuffer();
        return response.status;
      },
    });
    const clients = [...Object.entries(signedIn), ...Object.entries(revoked)].map(([name, token]) => client(name, token));
    const isSignedIn = (sample: Sample) => sample.client in signedIn;
    const isRevoked = (sample: Sample) => sample.client in revoked;

    const load = startLoad(clients, RATE);
    const marks = { start: Date.now(), flush: 0, flushRecovered: 0, restart: 0, restarted: 0, restartRecovered: 0, end: 0 };
    await sleep(STEADY_MS);

    marks.flush = Date.now();
    await sut.redis.flushall();
    marks.flushRecovered = await recovered();
    await sleep(STEADY_MS);

    marks.restart = Date.now();
    await sut.redisServer.stop();
    await sleep(REDIS_DOWN_MS);
    await sut.redisServer.restart();
    marks.restarted = Date.now();
    marks.restartRecovered = await recovered();
    await sleep(STEADY_MS);
    const samples = await load.stop();
    marks.end = Date.now();

    const phases = {
      before: [marks.start, marks.flush],
      flushall: [marks.flush, marks.restart],
      restart: [marks.restart, marks.end],
      all: [marks.start, marks.end],
    } as const;
    const figures = Object.fromEntries(
      Object.entries(phases).map(([phase, [from, to]]) => {
        const inPhase = samples.filter((sample) => sample.sentAt >= from && sample.sentAt < to);
        const statuses: Record<string, number> = {};
        for (const sample of inPhase) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
        const latencies = inPhase
          .filter(isSignedIn)
          .map((sample) => sample.answeredAt - sample.sentAt)
          .sort((x, y) => x - y);
        return [
          phase,
          {
            requests: inPhase.length,
            statuses,
            count503: inPhase.filter((sample) => sample.status === 503).length,
            otherServerErrors: inPhase.filter((sample) => isServerError(sample) && sample.status !== 503).length,
            noAnswer: inPhase.filter((sample) => sample.status === 0).length,
            longest503RunMs: longestRun(inPhase, (sample) => sample.status === 503).ms,
            longest503RunOfOneClientMs: longestRunPerClient(inPhase, (sample) => sample.status === 503).ms,
            longestOther5xxRunMs: longestRun(inPhase, (sample) => isServerError(sample) && sample.status !== 503).ms,
            longestWithout200ForSignedInMs: longestGapBetween(samples, (sample) => isSignedIn(sample) && sample.status === 200, from, to),
            signedInLatencyMs: {
              p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
              p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
              max: latencies.at(-1) ?? 0,
            },
            revokedStatuses: [...new Set(inPhase.filter(isRevoked).map((sample) => sample.status))].sort(),
          },
        ];
      }),
    );
    const report = {
      ratePerSecond: RATE,
      pastEvents: history.events,
      accessModelRebuildAfterFlushMs: marks.flushRecovered - marks.flush,
      redisDownMs: marks.restarted - marks.restart,
      accessModelRebuildAfterRestartMs: marks.restartRecovered - marks.restarted,
      ...figures,
    };
    console.log(`Redis loss under load:\n${JSON.stringify(report, null, 2)}`);

    /** What an assertion shows when it fails: how many samples, and the first few. */
    const brief = (list: readonly Sample[]) => ({ count: list.length, first: list.slice(0, 3) });
    const none = { count: 0, first: [] };
    // A revoked session is never accepted, a signed-in one never refused.
    expect(brief(samples.filter((sample) => isRevoked(sample) && sample.status === 200))).toEqual(none);
    expect(brief(samples.filter((sample) => isSignedIn(sample) && sample.status === 401))).toEqual(none);
    // While the access model was being rebuilt, the tokens were decided (from the event store), not answered 503.
    const rebuilds: Array<[number, number]> = [
      [marks.flush, marks.flushRecovered],
      [marks.restarted, marks.restartRecovered],
    ];
    for (const [from, to] of rebuilds) {
      const duringRebuild = samples.filter((sample) => sample.sentAt >= from && sample.answeredAt <= to);
      expect(brief(duringRebuild.filter((sample) => isRevoked(sample) && sample.status !== 401))).toEqual(none);
      expect(duringRebuild.filter((sample) => isRevoked(sample)).length).toBeGreaterThan(0);
      expect(duringRebuild.filter((sample) => isSignedIn(sample) && sample.status === 200).length).toBeGreaterThan(0);
    }
    // No window over 2 s of 503s, nor of any other 5xx or unanswered request, across all clients or for any one of them.
    const failed = (sample: Sample) => isServerError(sample) || sample.status === 0;
    expect(longestRun(samples, failed).ms).toBeLessThan(MAX_503_WINDOW_MS);
    expect(longestRunPerClient(samples, failed).ms).toBeLessThan(MAX_503_WINDOW_MS);
    // Once the models are rebuilt, every token answers as before the faults.
    await eventually(allAnswerAsExpected, 30_000, 'every token to answer as before the faults');
  }, 900_000);
});
