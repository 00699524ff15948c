import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Container, type interfaces } from 'inversify';
import type { Logger } from 'pino';
import type { Dependencies } from '@application/dependencies';
import { systemClock } from '@application/shared/clock';
import type { CombinedRuntime } from '@application/shared/context-module';
import { EventCatalog } from '@application/shared/event-catalog';
import type { EventLog, EventStore } from '@application/shared/event-store';
import type { Jobs } from '@application/shared/jobs';
import type { Mailer } from '@application/shared/mailer';
import type { MediaStorage } from '@application/shared/media-storage';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime } from '@application/shared/realtime';
import { RedisChatEmailThrottle } from '../chat/redis-chat-email-throttle';
import { RedisChatWindows } from '../chat/redis-chat-windows';
import type { Config } from '../config/config';
import { RedisWriteTracker } from '../consistency/redis-write-tracker';
import { MongoEventLog } from '../event-store/mongo-event-log';
import { MongoEventStore } from '../event-store/mongo-event-store';
import { Sequencer, SEQUENCER_LINGER_MS } from '../event-store/sequencer';
import { Argon2PasswordHasher } from '../identity/argon2-password-hasher';
import { HmacResetTokens } from '../identity/hmac-reset-tokens';
import { JwtSessionTokens } from '../identity/jwt-session-tokens';
import { BullMqJobs } from '../jobs/bullmq-jobs';
import { JobWorkers } from '../jobs/job-workers';
import { createMailer } from '../mail/create-mailer';
import { MongoSentEmails } from '../mail/mongo-sent-emails';
import { CloudinaryMediaStorage } from '../media/cloudinary-media-storage';
import { LocalDiskMediaStorage } from '../media/local-disk-media-storage';
import { policySubscription } from '../policies/policy-subscription';
import { GenerationRegistry } from '../projections/generation-registry';
import { ProjectionRunner } from '../projections/projection-runner';
import { RedisReadModels } from '../projections/redis-read-models';
import { DEFAULT_PRESENCE_NAMESPACE, realtimeSubscription, SocketIoRealtime } from '../realtime';
import { Leases } from '../redis/leases';
import { RedisListAnchors } from '../redis/redis-list-anchors';
import { COMMIT_ANNOUNCED, CONSUMERS_NUDGED, LOG_GREW, LogSignals, logGrewPayload } from '../redis/log-signals';
import { LEASE_TTL_MS } from '../runtime/wake-up-timing';
import { ConsumerAdmin } from '../subscriptions/consumer-admin';
import { DeadLetters } from '../subscriptions/dead-letters';
import { KnownLogHead } from '../subscriptions/known-log-head';
import type { Subscription, SubscriptionDependencies } from '../subscriptions/subscription';
import type { Connections } from './connections';
import { TOKENS } from './tokens';

/** What the container runs: every context's event types, log consumers and jobs, gathered by `combineContexts`. */
export type Contexts = CombinedRuntime<Dependencies>;

type Consumers = Array<Subscription<unknown>>;

export const mediaDirectory = (config: Config): string => path.join(config.dataDir, 'media');

/** The one composition root: it wires adapters to ports and decides nothing about the product. Everything is bound by factory. */
export const createContainer = (config: Config, connections: Connections, logger: Logger, contexts: Contexts): Container => {
  const container = new Container({ defaultScope: 'Singleton' });
  const get = <T>(context: interfaces.Context, token: symbol): T => context.container.get<T>(token);
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const { db, redis } = connections;

  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.Logger).toConstantValue(logger);
  container.bind(TOKENS.Connections).toConstantValue(connections);
  container.bind<EventCatalog>(TOKENS.EventCatalog).toDynamicValue(() => new EventCatalog(contexts.events));
  container.bind(TOKENS.LogSignals).toDynamicValue(() => new LogSignals(redis, connections.subscriber));
  container
    .bind<EventStore>(TOKENS.EventStore)
    .toDynamicValue((c) => new MongoEventStore(db, get(c, TOKENS.EventCatalog), () => get<LogSignals>(c, TOKENS.LogSignals).signal(COMMIT_ANNOUNCED)));
  container.bind<EventLog>(TOKENS.EventLog).toDynamicValue((c) => new MongoEventLog(db, get(c, TOKENS.EventCatalog)));
  container.bind(TOKENS.KnownLogHead).toDynamicValue((c) => new KnownLogHead(get(c, TOKENS.EventLog)));
  container.bind(TOKENS.Leases).toDynamicValue(() => new Leases(redis, instanceId, LEASE_TTL_MS));
  container.bind<ReadModels>(TOKENS.ReadModels).toDynamicValue(() => new RedisReadModels(redis));
  container.bind(TOKENS.WriteTracker).toDynamicValue((c) => new RedisWriteTracker(redis, get(c, TOKENS.ReadModels)));
  container.bind(TOKENS.GenerationRegistry).toDynamicValue(() => new GenerationRegistry(redis));
  container.bind(TOKENS.DeadLetters).toDynamicValue(() => new DeadLetters(db, redis));
  container.bind<Jobs>(TOKENS.Jobs).toDynamicValue(() => new BullMqJobs(connections.bullMq, logger));
  container.bind<Mailer>(TOKENS.Mailer).toDynamicValue(() => createMailer(config, logger));
  container
    .bind<MediaStorage>(TOKENS.MediaStorage)
    .toDynamicValue(() =>
      config.cloudinaryUrl ? new CloudinaryMediaStorage(config.cloudinaryUrl, logger) : new LocalDiskMediaStorage(mediaDirectory(config), config.publicUrl),
    );
  container.bind<Realtime>(TOKENS.Realtime).toDynamicValue(() => new SocketIoRealtime(redis));

  container.bind<Dependencies>(TOKENS.Dependencies).toDynamicValue((c) => ({
    store: get(c, TOKENS.EventStore),
    readModels: get(c, TOKENS.ReadModels),
    clock: systemClock,
    ids: { newId: () => randomUUID() },
    jobs: get(c, TOKENS.Jobs),
    realtime: get(c, TOKENS.Realtime),
    media: get(c, TOKENS.MediaStorage),
    mailer: get(c, TOKENS.Mailer),
    sentEmails: new MongoSentEmails(db),
    writeTracker: get(c, TOKENS.WriteTracker),
    listAnchors: new RedisListAnchors(redis),
    hasher: new Argon2PasswordHasher(config.passwordHashCosts),
    sessionTokens: new JwtSessionTokens(config.jwtSecret),
    resetTokens: new HmacResetTokens(config.resetSecret),
    sessionTtlMs: config.sessionTtlHours * 60 * 60 * 1000,
    clientUrl: config.clientUrl,
    chatWindows: new RedisChatWindows(redis, { namespace: DEFAULT_PRESENCE_NAMESPACE }),
    chatEmailThrottle: new RedisChatEmailThrottle(redis),
    chatUnreadEmailDelayMs: config.chatUnreadEmailDelayMs,
    chatEmailWindowMs: config.chatEmailWindowMs,
  }));

  const subscriptionDeps = (c: interfaces.Context): SubscriptionDependencies => ({
    log: get(c, TOKENS.EventLog),
    leases: get(c, TOKENS.Leases),
    deadLetters: get(c, TOKENS.DeadLetters),
    logger,
    head: () => get<KnownLogHead>(c, TOKENS.KnownLogHead).position(),
  });
  container.bind(TOKENS.Sequencer).toDynamicValue(
    (c) =>
      new Sequencer(db, {
        unconfirmedGraceMs: 5_000,
        maxEventsPerDoc: 500,
        lingerMs: SEQUENCER_LINGER_MS,
        onSequenced: async (head, commits) => {
          await get<RedisWriteTracker>(c, TOKENS.WriteTracker).commitsSequenced(commits);
          get<LogSignals>(c, TOKENS.LogSignals).signal(LOG_GREW, logGrewPayload(head.lastPos));
        },
      }),
  );
  container.bind(TOKENS.ProjectionRunner).toDynamicValue(
    (c) =>
      new ProjectionRunner({ ...subscriptionDeps(c), redis, registry: get(c, TOKENS.GenerationRegistry) }, contexts.projections, {
        batchSize: 500,
        maxAttempts: 5,
        retiredGraceMs: 30_000,
      }),
  );
  container
    .bind(TOKENS.PolicySubscriptions)
    .toDynamicValue((c) =>
      contexts
        .policies(get(c, TOKENS.Dependencies))
        .map((policy) => policySubscription({ ...subscriptionDeps(c), db }, policy, { batchSize: 100, maxAttempts: 5 })),
    );
  container.bind(TOKENS.RealtimeSubscriptions).toDynamicValue((c) => [
    realtimeSubscription(
      {
        ...subscriptionDeps(c),
        redis,
        realtime: get(c, TOKENS.Realtime),
        readModels: get(c, TOKENS.ReadModels),
      },
      { name: 'realtime', projections: contexts.realtimeProjections, projectionNames: contexts.projections.map((projection) => projection.name) },
      { batchSize: 100, maxAttempts: 3 },
    ),
  ]);
  container.bind(TOKENS.ConsumerAdmin).toDynamicValue(
    (c) =>
      new ConsumerAdmin(
        {
          log: get(c, TOKENS.EventLog),
          registry: get(c, TOKENS.GenerationRegistry),
          deadLetters: get(c, TOKENS.DeadLetters),
          nudge: () => get<LogSignals>(c, TOKENS.LogSignals).signal(CONSUMERS_NUDGED),
        },
        {
          projections: contexts.projections,
          subscriptions: [...get<Consumers>(c, TOKENS.PolicySubscriptions), ...get<Consumers>(c, TOKENS.RealtimeSubscriptions)],
        },
      ),
  );
  container.bind(TOKENS.JobWorkers).toDynamicValue((c) => new JobWorkers(connections.bullMq, contexts.jobs(get(c, TOKENS.Dependencies)), logger));
  return container;
};

/** Closes what the container opened besides the connections (queues and the mail transport). */
export const closeContainer = async (container: Container): Promise<void> => {
  // Confirms what was appended, so the sequencer takes it now rather than after its grace period.
  await container.get<MongoEventStore>(TOKENS.EventStore).settled();
  await container.get<BullMqJobs>(TOKENS.Jobs).close();
  await container.get<ReturnType<typeof createMailer>>(TOKENS.Mailer).close();
};
