import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Sequencer } from '@infrastructure/event-store/sequencer';
import type { JobWorkers } from '@infrastructure/jobs/job-workers';
import type { ProjectionRunner } from '@infrastructure/projections/projection-runner';
import type { Leases } from '@infrastructure/redis/leases';
import { runEach } from '@infrastructure/subscriptions/run-each';
import type { Subscription } from '@infrastructure/subscriptions/subscription';
import { COMMIT_ANNOUNCED, LOG_GREW, type LogSignals } from '@infrastructure/redis/log-signals';
import { runBackgroundLoop } from '@infrastructure/runtime/background-loop';
import { TOKENS } from '@infrastructure/container/tokens';

export type RunningRole = Readonly<{ stop(): Promise<void> }>;

const SEQUENCER_LEASE = { key: 'es:sequencer:lease', fenceKey: 'es:sequencer:fence' };

/**
 * The worker role: the sequencer (one active across processes; a second one would be safe, only wasteful), the log
 * consumers (projections, policies, realtime projections: one loop per kind, so that a realtime batch waiting for the
 * read models never holds them up) and the job workers. Any number of worker processes may run.
 */
export const startWorker = async (container: Container): Promise<RunningRole> => {
  const logger = container.get<Logger>(TOKENS.Logger);
  const signals = container.get<LogSignals>(TOKENS.LogSignals);
  const leases = container.get<Leases>(TOKENS.Leases);
  const sequencer = container.get<Sequencer>(TOKENS.Sequencer);
  const projections = container.get<ProjectionRunner>(TOKENS.ProjectionRunner);
  const policies = container.get<Array<Subscription<unknown>>>(TOKENS.PolicySubscriptions);
  const realtime = container.get<Array<Subscription<unknown>>>(TOKENS.RealtimeSubscriptions);
  const jobWorkers = container.get<JobWorkers>(TOKENS.JobWorkers);
  await signals.start();
  await jobWorkers.start();
  await projections.runOnce(); // a fresh system's read models exist (and are caught up) before the api serves

  const abort = new AbortController();
  const loop = (name: string, step: () => Promise<number>, channel: string, afterError?: () => void) =>
    runBackgroundLoop(step, {
      signal: abort.signal,
      waitForWork: (ms) => signals.waitFor(channel, ms),
      idleMs: 500,
      onError: (error) => logger.error({ err: error, loop: name }, 'background loop failed'),
      afterError,
    });
  const sequence = async () => ((await leases.hold(SEQUENCER_LEASE)) ? sequencer.tick() : 0);
  const loops = [
    loop('sequencer', sequence, COMMIT_ANNOUNCED, () => sequencer.reset()),
    loop('projections', () => projections.runOnce(), LOG_GREW),
    loop('policies', () => runEach(policies, logger), LOG_GREW),
    loop('realtime', () => runEach(realtime, logger), LOG_GREW),
  ];
  logger.info('worker role started');

  return {
    stop: async () => {
      abort.abort();
      signals.wakeAll();
      await Promise.all(loops);
      await jobWorkers.close();
      await leases.releaseAll();
    },
  };
};
