import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Sequencer } from '@infrastructure/event-store/sequencer';
import type { JobWorkers } from '@infrastructure/jobs/job-workers';
import type { PolicyRunner } from '@infrastructure/policies/policy-runner';
import type { ProjectionRunner } from '@infrastructure/projections/projection-runner';
import type { RealtimeProjector } from '@infrastructure/realtime';
import type { Leases } from '@infrastructure/redis/leases';
import { COMMIT_ANNOUNCED, LOG_GREW, type LogSignals } from '@infrastructure/redis/log-signals';
import { runBackgroundLoop } from '@infrastructure/runtime/background-loop';
import { TOKENS } from '@infrastructure/container/tokens';

export type RunningRole = Readonly<{ stop(): Promise<void> }>;

const SEQUENCER_LEASE = { key: 'es:sequencer:lease', fenceKey: 'es:sequencer:fence' };

/**
 * The worker role: the sequencer (one active across processes; a second one would be safe, only wasteful), the
 * projection runner, the policies, the realtime projector and the job workers. Any number of worker processes may run.
 */
export const startWorker = async (container: Container): Promise<RunningRole> => {
  const logger = container.get<Logger>(TOKENS.Logger);
  const signals = container.get<LogSignals>(TOKENS.LogSignals);
  const leases = container.get<Leases>(TOKENS.Leases);
  const sequencer = container.get<Sequencer>(TOKENS.Sequencer);
  const projections = container.get<ProjectionRunner>(TOKENS.ProjectionRunner);
  const policies = container.get<PolicyRunner>(TOKENS.PolicyRunner);
  const jobWorkers = container.get<JobWorkers>(TOKENS.JobWorkers);
  const realtime = container.get<RealtimeProjector>(TOKENS.RealtimeProjector);
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
    loop('policies', () => policies.runOnce(), LOG_GREW),
    loop('realtime', () => realtime.runOnce(), LOG_GREW),
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
