import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config, EnvConfig } from '@infrastructure/config/config';
import { loadSecrets } from '@infrastructure/config/secrets';
import { openConnections } from '@infrastructure/container/connections';
import { closeContainer, createContainer } from '@infrastructure/container/container';
import { TOKENS } from '@infrastructure/container/tokens';
import { startEmbeddedServices, type EmbeddedServices } from '@infrastructure/embedded';
import { contexts } from '../contexts/catalog';
import { startApi, type RunningApi } from './start-api';
import { startWorker, type RunningRole } from './start-worker';

/** `config` is what the roles run with: the signing keys loaded, the service URLs those actually used. */
export type RunningSystem = Readonly<{ api: RunningApi | null; config: Config; stop(): Promise<void> }>;

/** Where the embedded default writes the URLs of its servers, so the admin CLI can reach them. */
export const embeddedServicesFile = (config: Pick<EnvConfig, 'dataDir'>): string => path.join(config.dataDir, 'embedded-services.json');

/**
 * Starts the roles of this process, on the configured services or on embedded ones (FerretDB SQLite + Redis), with
 * the signing keys of the environment or, without them, those kept in the data folder (generated on first start).
 */
export const startSystem = async (envConfig: EnvConfig, logger: Logger): Promise<RunningSystem> => {
  const config: Config = { ...envConfig, ...(await loadSecrets(envConfig)) };
  let embedded: EmbeddedServices | null = null;
  if (!config.mongoUrl || !config.redisUrl) {
    embedded = await startEmbeddedServices({ dataDir: path.join(config.dataDir, 'services') });
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(embeddedServicesFile(config), JSON.stringify({ mongoUrl: embedded.mongoUrl, redisUrl: embedded.redisUrl }));
    logger.info({ mongoUrl: embedded.mongoUrl, redisUrl: embedded.redisUrl }, 'embedded FerretDB (SQLite) and Redis started');
  }
  const urls = { mongoUrl: config.mongoUrl ?? embedded!.mongoUrl, redisUrl: config.redisUrl ?? embedded!.redisUrl };
  const running = { ...config, ...urls };
  const connections = await openConnections(running);
  const container = createContainer(running, connections, logger, contexts);
  // Built once in every role, so that two policies or jobs with one name stop any process here, not a worker later.
  container.get(TOKENS.PolicySubscriptions);
  container.get(TOKENS.JobWorkers);
  const roles: RunningRole[] = [];
  const worker = config.role === 'api' ? null : await startWorker(container);
  if (worker) roles.push(worker);
  const api = config.role === 'worker' ? null : await startApi(container);
  if (api) roles.push(api);
  return {
    api,
    config: running,
    stop: async () => {
      for (const role of roles.reverse()) await role.stop();
      await closeContainer(container);
      await connections.close();
      await embedded?.stop();
    },
  };
};
