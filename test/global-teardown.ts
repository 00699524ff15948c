import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { embeddedTestServicesKey, type EmbeddedTestServices } from './global-setup';

const execFileAsync = promisify(execFile);

const dropPostgresDatabase = async (postgresUrl: string): Promise<void> => {
  const url = new URL(postgresUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  await execFileAsync('dropdb', ['--if-exists', '--force', `--maintenance-db=${url.toString()}`, database]);
};

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<symbol, unknown>)[embeddedTestServicesKey] as EmbeddedTestServices | undefined;
  if (handle === undefined) return;
  await handle.services.stop();
  if (handle.postgresUrl !== undefined) await dropPostgresDatabase(handle.postgresUrl);
  await rm(handle.dataDir, { recursive: true, force: true });
}
