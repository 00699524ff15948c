import { randomUUID } from 'node:crypto';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Connections } from '@infrastructure/container/connections';
import { TOKENS } from '@infrastructure/container/tokens';
import type { Sequencer } from '@infrastructure/event-store/sequencer';
import type { JobWorkers } from '@infrastructure/jobs/job-workers';
import type { ProjectionRunner } from '@infrastructure/projections/projection-runner';
import type { Leases } from '@infrastructure/redis/leases';
import { COMMIT_ANNOUNCED, CONSUMERS_NUDGED, headPositionOf, LOG_GREW, READ_MODELS_ADVANCED, type LogSignals } from '@infrastructure/redis/log-signals';
import { watchForRedisLoss } from '@infrastructure/runtime/redis-loss-watch';
import { mayHaveMissedSignals, runWakeUpLoop, type PassReason } from '@infrastructure/runtime/wake-up-loop';
import { LEASE_RENEW_MS, RETRY_AFTER_ERROR_MS, WAKE_UP_FALLBACK_MS } from '@infrastructure/runtime/wake-up-timing';
import type { KnownLogHead } from '@infrastructure/subscriptions/known-log-head';
import { runEach } from '@infrastructure/subscriptions/run-each';
import type { Subscription } from '@infrastructure/subscriptions/subscription';
import { sequencerLoop } from './sequencer-loop';

export type RunningRole = Readonly<{ stop(): Promise<void> }>;

type Loop = Readonly<{
  name: string;
  channels: readonly string[];
  pass: (reason: PassReason) => Promise<number>;
  whileIdle: () => Promise<boolean>;
  recheckAfterMs?: () => number | null;
  afterError?: () => void;
}>;

/** Keeps the leases of idle subscriptions; true when one was just taken from a process that let it go. */
const holdLeases = async (subscriptions: ReadonlyArray<Subscription<unknown>>): Promise<boolean> =>
  (await Promise.all(subscriptions.map((subscription) => subscription.holdLease()))).includes('taken');

/**
 * The worker role: the sequencer (one active across processes; a second one would be safe, only wasteful), the log
 * consumers (projections, policies, realtime projections: one loop per kind, so that one kind's slow pass never holds
 * up another) and the job workers. Any number of worker processes may run. Each loop sleeps until a Redis signal
 * says there is work (see docs/architecture.md, "Waking up"), renewing its leases meanwhile.
 */
export const startWorker = async (container: Container): Promise<RunningRole> => {
  const logger = container.get<Logger>(TOKENS.Logger);
  const signals = container.get<LogSignals>(TOKENS.LogSignals);
  const head = container.get<KnownLogHead>(TOKENS.KnownLogHead);
  const projections = container.get<ProjectionRunner>(TOKENS.ProjectionRunner);
  const policies = container.get<Array<Subscription<unknown>>>(TOKENS.PolicySubscriptions);
  const realtime = container.get<Array<Subscription<unknown>>>(TOKENS.RealtimeSubscriptions);
  const jobWorkers = container.get<JobWorkers>(TOKENS.JobWorkers);
  const leases = container.get<Leases>(TOKENS.Leases);
  const { db, redis } = container.get<Connections>(TOKENS.Connections);
  signals.onMessage(LOG_GREW, (payload) => head.observe(headPositionOf(payload)));
  await signals.start();
  await jobWorkers.start();
  await projections.runOnce(); // a fresh system's read models exist (and are caught up) before the api serves

  /** A consumer pass reads the log head again when signals may have been missed, and otherwise trusts what they said. */
  const consumerPass = (run: () => Promise<number>) => (reason: PassReason) => {
    if (mayHaveMissedSignals(reason)) head.invalidate();
    return run();
  };
  const applyProjections = async () => {
    const applied = await projections.runOnce();
    if (applied > 0) signals.signal(READ_MODELS_ADVANCED);
    return applied;
  };
  /** A failed event is tried again after RETRY_AFTER_ERROR_MS, not at the fallback: nothing new may come to wake its loop. */
  const retrySoon = (consumers: ReadonlyArray<Subscription<unknown>>) => (consumers.some((consumer) => consumer.awaitingRetry) ? RETRY_AFTER_ERROR_MS : null);
  const loops: Loop[] = [
    { name: 'sequencer', channels: [COMMIT_ANNOUNCED], ...sequencerLoop(container.get<Sequencer>(TOKENS.Sequencer), leases, db) },
    {
      name: 'projections',
      channels: [LOG_GREW, CONSUMERS_NUDGED],
      pass: consumerPass(applyProjections),
      whileIdle: () => projections.holdLeases(),
      recheckAfterMs: () => (projections.awaitingRetry ? RETRY_AFTER_ERROR_MS : null),
    },
    {
      name: 'policies',
      channels: [LOG_GREW, CONSUMERS_NUDGED],
      pass: consumerPass(() => runEach(policies, logger)),
      whileIdle: () => holdLeases(policies),
      recheckAfterMs: () => retrySoon(policies),
    },
    // The realtime consumer never reads past its read models: it wakes when they advance, not when the log grows.
    {
      name: 'realtime',
      channels: [READ_MODELS_ADVANCED, CONSUMERS_NUDGED],
      pass: consumerPass(() => runEach(realtime, logger)),
      whileIdle: () => holdLeases(realtime),
      recheckAfterMs: () => retrySoon(realtime),
    },
  ];

  const abort = new AbortController();
  const running = loops.map((loop) =>
    runWakeUpLoop({
      signal: abort.signal,
      doorbell: signals.doorbell(loop.channels),
      pass: loop.pass,
      whileIdle: loop.whileIdle,
      recheckAfterMs: loop.recheckAfterMs,
      afterError: loop.afterError,
      renewEveryMs: LEASE_RENEW_MS,
      fallbackMs: WAKE_UP_FALLBACK_MS,
      retryAfterErrorMs: RETRY_AFTER_ERROR_MS,
      onError: (error) => logger.error({ err: error, loop: loop.name }, 'background loop failed'),
    }),
  );
  const redisLoss = watchForRedisLoss(redis, randomUUID(), LEASE_RENEW_MS, () => {
    logger.warn('Redis lost its data: every log consumer looks again');
    signals.recheckAll();
  });
  logger.info('worker role started');

  return {
    stop: async () => {
      abort.abort();
      redisLoss.stop();
      signals.wakeAll();
      await Promise.all(running);
      await jobWorkers.close();
      await leases.releaseAll();
    },
  };
};
