import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Container, type interfaces } from 'inversify';
import type { Logger } from 'pino';
import type { IdentityDependencies } from '@application/identity/identity-dependencies';
import { systemClock, type Clock } from '@application/shared/clock';
import { sendEmail, sendEmailHandler } from '@application/shared/email';
import type { EventCatalog } from '@application/shared/event-catalog';
import type { EventLog, EventStore } from '@application/shared/event-store';
import type { Ids } from '@application/shared/ids';
import type { Jobs } from '@application/shared/jobs';
import type { Mailer } from '@application/shared/mailer';
import type { MediaStorage } from '@application/shared/media-storage';
import type { Policy } from '@application/shared/policy';
import type { Projection } from '@application/shared/projection';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime } from '@application/shared/realtime';
import type { Config } from '../config/config';
import { recordCommitPositions, RedisWriteTracker } from '../consistency/redis-write-tracker';
import { MongoEventLog } from '../event-store/mongo-event-log';
import { MongoEventStore } from '../event-store/mongo-event-store';
import { Sequencer } from '../event-store/sequencer';
import { BcryptPasswordHasher } from '../identity/bcrypt-password-hasher';
import { HmacResetTokens } from '../identity/hmac-reset-tokens';
import { JwtSessionTokens } from '../identity/jwt-session-tokens';
import { BullMqJobs } from '../jobs/bullmq-jobs';
import { JobWorkers, registerJob, type JobRegistration } from '../jobs/job-workers';
import { createMailer } from '../mail/create-mailer';
import { MongoSentEmails } from '../mail/mongo-sent-emails';
import { CloudinaryMediaStorage } from '../media/cloudinary-media-storage';
import { LocalDiskMediaStorage } from '../media/local-disk-media-storage';
import { PolicyRunner } from '../policies/policy-runner';
import { DeadLetters } from '../projections/dead-letters';
import { GenerationRegistry } from '../projections/generation-registry';
import { ProjectionAdmin } from '../projections/projection-admin';
import { ProjectionRunner } from '../projections/projection-runner';
import { RedisReadModels } from '../projections/redis-read-models';
import { RealtimeProjector, SocketIoRealtime } from '../realtime';
import { Leases } from '../redis/leases';
import { COMMIT_ANNOUNCED, LOG_GREW, LogSignals } from '../redis/log-signals';
import { eventCatalog, policies, projections, realtimeProjections } from './catalog';
import type { Connections } from './connections';
import { TOKENS } from './tokens';

export const mediaDirectory = (config: Config): string => path.join(config.dataDir, 'media');

/** The one composition root. Application code stays decorator-free: everything is bound by factory. */
export const createContainer = (config: Config, connections: Connections, logger: Logger): Container => {
  const container = new Container({ defaultScope: 'Singleton' });
  const get = <T>(context: interfaces.Context, token: symbol): T => context.container.get<T>(token);
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.Logger).toConstantValue(logger);
  container.bind(TOKENS.Connections).toConstantValue(connections);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(systemClock);
  container.bind<Ids>(TOKENS.Ids).toConstantValue({ newId: () => randomUUID() });
  container.bind<EventCatalog>(TOKENS.EventCatalog).toDynamicValue(eventCatalog);
  container.bind(TOKENS.LogSignals).toDynamicValue(() => new LogSignals(connections.redis, connections.subscriber));
  container
    .bind<EventStore>(TOKENS.EventStore)
    .toDynamicValue((c) => new MongoEventStore(connections.db, get(c, TOKENS.EventCatalog), () => get<LogSignals>(c, TOKENS.LogSignals).signal(COMMIT_ANNOUNCED)));
  container.bind<EventLog>(TOKENS.EventLog).toDynamicValue((c) => new MongoEventLog(connections.db, get(c, TOKENS.EventCatalog)));
  container.bind(TOKENS.Leases).toDynamicValue(() => new Leases(connections.redis, instanceId, 10_000));
  container.bind<ReadModels>(TOKENS.ReadModels).toDynamicValue(() => new RedisReadModels(connections.redis));
  container.bind(TOKENS.WriteTracker).toDynamicValue((c) => new RedisWriteTracker(connections.redis, get(c, TOKENS.ReadModels)));
  container.bind(TOKENS.GenerationRegistry).toDynamicValue(() => new GenerationRegistry(connections.redis));
  container.bind(TOKENS.DeadLetters).toDynamicValue(() => new DeadLetters(connections.redis));
  container.bind(TOKENS.Projections).toConstantValue(projections);
  container
    .bind(TOKENS.ProjectionAdmin)
    .toDynamicValue((c) => new ProjectionAdmin(projections, get(c, TOKENS.GenerationRegistry), get(c, TOKENS.DeadLetters), get(c, TOKENS.EventLog)));

  container.bind<Jobs>(TOKENS.Jobs).toDynamicValue(() => new BullMqJobs(connections.bullMq, logger));
  container.bind<Mailer>(TOKENS.Mailer).toDynamicValue(() => createMailer(config, logger));
  container
    .bind<MediaStorage>(TOKENS.MediaStorage)
    .toDynamicValue(() => (config.cloudinaryUrl ? new CloudinaryMediaStorage(config.cloudinaryUrl, logger) : new LocalDiskMediaStorage(mediaDirectory(config), config.publicUrl)));

  container.bind<IdentityDependencies>(TOKENS.IdentityDependencies).toDynamicValue((c) => ({
    store: get(c, TOKENS.EventStore),
    hasher: new BcryptPasswordHasher(),
    sessionTokens: new JwtSessionTokens(config.jwtSecret),
    resetTokens: new HmacResetTokens(config.jwtSecret),
    media: get(c, TOKENS.MediaStorage),
    ids: get(c, TOKENS.Ids),
    clock: get(c, TOKENS.Clock),
    sessionTtlMs: config.sessionTtlHours * 60 * 60 * 1000,
  }));

  container.bind<Policy[]>(TOKENS.Policies).toDynamicValue((c) => {
    const identity = get<IdentityDependencies>(c, TOKENS.IdentityDependencies);
    return policies({ jobs: get(c, TOKENS.Jobs), store: identity.store, readModels: get(c, TOKENS.ReadModels), realtime: get(c, TOKENS.Realtime) });
  });
  container
    .bind<JobRegistration[]>(TOKENS.JobRegistrations)
    .toDynamicValue((c) => {
      const { resetTokens } = get<IdentityDependencies>(c, TOKENS.IdentityDependencies);
      const resetLinkFor = (tokenId: string) => `${config.clientUrl}/reset-password?token=${encodeURIComponent(resetTokens.tokenFor(tokenId))}`;
      return [registerJob(sendEmail, sendEmailHandler({ mailer: get(c, TOKENS.Mailer), sentEmails: new MongoSentEmails(connections.db), resetLinkFor }))];
    });

  container.bind(TOKENS.Sequencer).toDynamicValue(
    (c) =>
      new Sequencer(connections.db, {
        unconfirmedGraceMs: 5_000,
        maxEventsPerDoc: 500,
        onSequenced: async (_head, commits) => {
          await recordCommitPositions(connections.redis, commits);
          get<LogSignals>(c, TOKENS.LogSignals).signal(LOG_GREW);
        },
      }),
  );
  container.bind(TOKENS.ProjectionRunner).toDynamicValue(
    (c) =>
      new ProjectionRunner(
        { redis: connections.redis, log: get(c, TOKENS.EventLog), registry: get(c, TOKENS.GenerationRegistry), leases: get(c, TOKENS.Leases), deadLetters: get(c, TOKENS.DeadLetters) },
        get<Projection[]>(c, TOKENS.Projections),
        { batchSize: 500, maxAttempts: 5, retiredGraceMs: 30_000, onError: (error, context) => logger.warn({ err: error, ...context }, 'projection failed') },
      ),
  );
  container.bind(TOKENS.PolicyRunner).toDynamicValue(
    (c) =>
      new PolicyRunner({ db: connections.db, log: get(c, TOKENS.EventLog), leases: get(c, TOKENS.Leases) }, get(c, TOKENS.Policies), {
        batchSize: 100,
        maxAttempts: 5,
        onError: (error, context) => logger.warn({ err: error, ...context }, 'policy failed'),
      }),
  );
  container.bind(TOKENS.JobWorkers).toDynamicValue((c) => new JobWorkers(connections.bullMq, get(c, TOKENS.JobRegistrations), logger));
  container.bind<Realtime>(TOKENS.Realtime).toDynamicValue(() => new SocketIoRealtime(connections.redis));
  container.bind(TOKENS.RealtimeProjector).toDynamicValue(
    (c) =>
      new RealtimeProjector(
        { redis: connections.redis, log: get(c, TOKENS.EventLog), realtime: get(c, TOKENS.Realtime), readModels: get(c, TOKENS.ReadModels), leases: get(c, TOKENS.Leases), logger },
        realtimeProjections,
      ),
  );
  return container;
};

/** Closes what the container opened besides the connections (queues and the mail transport). */
export const closeContainer = async (container: Container): Promise<void> => {
  await container.get<BullMqJobs>(TOKENS.Jobs).close();
  await container.get<ReturnType<typeof createMailer>>(TOKENS.Mailer).close();
};
