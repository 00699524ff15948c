import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '@infrastructure/config/config';
import { openConnections } from '@infrastructure/container/connections';
import { closeContainer, createContainer } from '@infrastructure/container/container';
import { startEmbeddedServices, type EmbeddedServices } from '@infrastructure/embedded';
import { contexts } from '../contexts/catalog';
import { startApi, type RunningApi } from './start-api';
import { startWorker, type RunningRole } from './start-worker';

export type RunningSystem = Readonly<{ api: RunningApi | null; stop(): Promise<void> }>;

/** Where the embedded default writes the URLs of its servers, so the admin CLI can reach them. */
export const embeddedServicesFile = (config: Config): string => path.join(config.dataDir, 'embedded-services.json');

/** Starts the roles of this process, on the configured services or on embedded ones (FerretDB SQLite + Redis). */
export const startSystem = async (config: Config, logger: Logger): Promise<RunningSystem> => {
  let embedded: EmbeddedServices | null = null;
  if (!config.mongoUrl || !config.redisUrl) {
    embedded = await startEmbeddedServices({ dataDir: path.join(config.dataDir, 'services') });
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(embeddedServicesFile(config), JSON.stringify({ mongoUrl: embedded.mongoUrl, redisUrl: embedded.redisUrl }));
    logger.info({ mongoUrl: embedded.mongoUrl, redisUrl: embedded.redisUrl }, 'embedded FerretDB (SQLite) and Redis started');
  }
  const urls = { mongoUrl: config.mongoUrl ?? embedded!.mongoUrl, redisUrl: config.redisUrl ?? embedded!.redisUrl };
  const connections = await openConnections({ ...config, ...urls });
  const container = createContainer({ ...config, ...urls }, connections, logger, contexts);
  const roles: RunningRole[] = [];
  const worker = config.role === 'api' ? null : await startWorker(container);
  if (worker) roles.push(worker);
  const api = config.role === 'worker' ? null : await startApi(container);
  if (api) roles.push(api);
  return {
    api,
    stop: async () => {
      for (const role of roles.reverse()) await role.stop();
      await closeContainer(container);
      await connections.close();
      await embedded?.stop();
    },
  };
};
