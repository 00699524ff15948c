import { createServer, type Server } from 'node:http';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Dependencies } from '@application/dependencies';
import { sessionRoom } from '@application/identity';
import { authenticate } from '@application/identity/authenticate';
import { SIGNED_IN_ROOM, userRoom } from '@application/shared/realtime';
import { hiddenFrom } from '@application/graph';
import { usernamesOf } from '@application/profile';
import type { LogConsumers } from '@application/shared/log-consumers';
import type { Config } from '@infrastructure/config/config';
import type { Connections } from '@infrastructure/container/connections';
import { mediaDirectory } from '@infrastructure/container/container';
import { TOKENS } from '@infrastructure/container/tokens';
import { createSocketServer } from '@infrastructure/realtime';
import { contextModules } from '../contexts/catalog';
import { socketAuthentication } from '../socket/socket-authentication';
import { presenceHandlers } from '../socket/presence.handlers';
import { createApp } from '../http/app';
import { adminRouter } from '../http/admin/admin.router';
import type { ApiDependencies } from '../http/api-dependencies';
import { rateLimits } from '../http/middleware/rate-limits';
import type { RunningRole } from './start-worker';

/** Names of users missing from the users read model that an online list reads from their accounts instead. */
const MAX_NAMES_FROM_ACCOUNTS = 10;

export type RunningApi = RunningRole & Readonly<{ server: Server; port: number }>;

/** The api role: the Chatty REST contract under /api/v1, the admin routes, and Socket.IO, on one HTTP server. */
export const startApi = async (container: Container): Promise<RunningApi> => {
  const config = container.get<Config>(TOKENS.Config);
  const logger = container.get<Logger>(TOKENS.Logger);
  const connections = container.get<Connections>(TOKENS.Connections);
  const deps = container.get<Dependencies>(TOKENS.Dependencies);
  const authenticateToken = (token: string | null) => authenticate(deps, token);
  const apiDeps: ApiDependencies = {
    ...deps,
    cookie: { secure: config.publicUrl.startsWith('https://'), maxAgeMs: config.sessionTtlHours * 60 * 60 * 1000 },
    rateLimits: rateLimits(connections.redis, { signupsPerHour: config.signupLimitPerHour }),
    readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
  };

  const app = createApp({
    clientUrl: config.clientUrl,
    trustProxyHops: config.trustProxyHops,
    logger,
    authenticate: authenticateToken,
    apiRouters: contextModules.flatMap((module) => module.routers(apiDeps)),
    adminRouter: adminRouter({ consumers: container.get<LogConsumers>(TOKENS.ConsumerAdmin), readModels: deps.readModels, store: deps.store }),
    mediaDirectory: config.cloudinaryUrl ? undefined : mediaDirectory(config),
  });
  const server = createServer(app);
  const sockets = createSocketServer(server, {
    clientOrigin: config.clientUrl,
    pubClient: connections.redis,
    subClient: connections.adapterSubscriber,
    authenticate: socketAuthentication(authenticateToken),
    // The client shows a user as online when its lower-cased username is in the list.
    displayNamesOf: async (userIds) => (await usernamesOf(deps, userIds, MAX_NAMES_FROM_ACCOUNTS)).map((name) => name?.toLowerCase() ?? null),
    hiddenUsersOf: (userIds) => Promise.all(userIds.map((userId) => hiddenFrom.run(deps.readModels, userId))),
    roomsOf: ({ userId, sessionId }) => [SIGNED_IN_ROOM, userRoom(userId), sessionRoom(sessionId)],
    inboundHandlers: (presence) => [...presenceHandlers(presence), ...contextModules.flatMap((module) => module.socketHandlers({ ...deps, presence }))],
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
