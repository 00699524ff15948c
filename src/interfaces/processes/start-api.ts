import { createServer, type Server } from 'node:http';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { authenticate } from '@application/identity/authenticate';
import type { IdentityDependencies } from '@application/identity/identity-dependencies';
import type { ReadModels } from '@application/shared/read-models';
import type { Realtime } from '@application/shared/realtime';
import type { WriteTracker } from '@application/shared/write-tracker';
import type { Config } from '@infrastructure/config/config';
import type { Connections } from '@infrastructure/container/connections';
import { mediaDirectory } from '@infrastructure/container/container';
import { TOKENS } from '@infrastructure/container/tokens';
import type { ProjectionAdmin } from '@infrastructure/projections/projection-admin';
import { createSocketServer } from '@infrastructure/realtime';
import { RedisListAnchors } from '@infrastructure/redis/redis-list-anchors';
import { hiddenFrom } from '@application/graph/graph.queries';
import { userCardsOf } from '@application/profile/get-user.query';
import { socketAuthentication } from '../socket/socket-authentication';
import { createApp } from '../http/app';
import { adminRouter } from '../http/admin/admin.router';
import { apiRouters } from '../http/api-routers';
import { rateLimits } from '../http/middleware/rate-limits';
import type { RunningRole } from './start-worker';

export type RunningApi = RunningRole & Readonly<{ server: Server; port: number }>;

/** The api role: the Chatty REST contract under /api/v1, the admin routes, and Socket.IO, on one HTTP server. */
export const startApi = async (container: Container): Promise<RunningApi> => {
  const config = container.get<Config>(TOKENS.Config);
  const logger = container.get<Logger>(TOKENS.Logger);
  const identity = container.get<IdentityDependencies>(TOKENS.IdentityDependencies);
  const readModels = container.get<ReadModels>(TOKENS.ReadModels);
  const authenticateToken = (token: string | null) => authenticate({ sessionTokens: identity.sessionTokens, readModels }, token);

  const app = createApp({
    clientUrl: config.clientUrl,
    trustProxyHops: config.trustProxyHops,
    logger,
    authenticate: authenticateToken,
    apiRouters: apiRouters({
      store: identity.store,
      readModels,
      writeTracker: container.get<WriteTracker>(TOKENS.WriteTracker),
      clock: identity.clock,
      ids: identity.ids,
      identity,
      cookie: { secure: config.publicUrl.startsWith('https://'), maxAgeMs: config.sessionTtlHours * 60 * 60 * 1000 },
      readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
      listAnchors: new RedisListAnchors(container.get<Connections>(TOKENS.Connections).redis),
      realtime: container.get<Realtime>(TOKENS.Realtime),
      rateLimits: rateLimits(container.get<Connections>(TOKENS.Connections).redis, { signupsPerHour: config.signupLimitPerHour }),
    }),
    adminRouter: adminRouter({ projections: container.get<ProjectionAdmin>(TOKENS.ProjectionAdmin), readModels }),
    mediaDirectory: config.cloudinaryUrl ? undefined : mediaDirectory(config),
  });
  const server = createServer(app);
  const connections = container.get<Connections>(TOKENS.Connections);
  const sockets = createSocketServer(server, {
    clientOrigin: config.clientUrl,
    pubClient: connections.redis,
    subClient: connections.adapterSubscriber,
    authenticate: socketAuthentication(authenticateToken),
    displayNamesOf: async (userIds) => {
      const names = new Map((await userCardsOf(readModels, userIds)).map((card) => [card.userId, card.username]));
      return userIds.map((userId) => names.get(userId) ?? null);
    },
    hiddenUsersOf: (userIds) => Promise.all(userIds.map((userId) => hiddenFrom(readModels, userId))),
    logger,
  });
  await sockets.ready();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port }, 'api role listening');
  return {
    server,
    port,
    stop: async () => {
      await sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
