import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { findFreePort } from './free-port';
import { startManagedProcess, type ManagedProcess } from './managed-process';

export type FerretDbHandler = 'sqlite' | 'postgresql';

export type FerretDbOptions = {
  handler: FerretDbHandler;
  dataDir: string;
  /** Required for the postgresql handler; its database is created when missing. */
  postgresUrl?: string;
  port?: number;
  binaryPath?: string;
};

const repoRoot = resolve(__dirname, '../../..');

/** Built by scripts/setup.sh (`npm run setup`). */
export const ferretDbBinaryPath = join(repoRoot, '.tools', 'bin', 'ferretdb');

export const assertFerretDbBinary = (binaryPath = ferretDbBinaryPath): void => {
  if (!existsSync(binaryPath)) throw new Error(`FerretDB binary not found at ${binaryPath}: run \`npm run setup\``);
};

const execFileAsync = promisify(execFile);

const ensurePostgresDatabase = async (postgresUrl: string): Promise<void> => {
  const url = new URL(postgresUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new Error(`postgresUrl must name a database: ${postgresUrl}`);
  url.pathname = '/postgres';
  try {
    await execFileAsync('createdb', [`--maintenance-db=${url.toString()}`, database]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message);
    if (!stderr.includes('already exists')) {
      throw new Error(`could not create PostgreSQL database "${database}": ${stderr.trim()}`);
    }
  }
};

const answersAs = async (url: string, pid: number): Promise<boolean> => {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.connect();
    const admin = client.db('admin');
    if ((await admin.command({ ping: 1 })).ok !== 1) return false;
    return Number((await admin.command({ serverStatus: 1 })).pid) === pid;
  } finally {
    await client.close();
  }
};

const handlerArgs = async (opts: FerretDbOptions, dataDir: string): Promise<string[]> => {
  if (opts.handler === 'sqlite') {
    const sqliteDir = join(dataDir, 'sqlite');
    await mkdir(sqliteDir, { recursive: true });
    return ['--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`];
  }
  if (opts.postgresUrl === undefined) throw new Error('startFerretDb: postgresUrl is required for the postgresql handler');
  await ensurePostgresDatabase(opts.postgresUrl);
  return ['--handler=postgresql', `--postgresql-url=${opts.postgresUrl}`];
};

/** Starts FerretDB 1.24 on 127.0.0.1 and waits until a MongoDB `ping` succeeds. */
export const startFerretDb = async (opts: FerretDbOptions): Promise<ManagedProcess> => {
  const binaryPath = opts.binaryPath ?? ferretDbBinaryPath;
  assertFerretDbBinary(binaryPath);
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const port = opts.port ?? (await findFreePort());
  const url = `mongodb://127.0.0.1:${port}/`;
  const args = [
    ...(await handlerArgs(opts, dataDir)),
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    `--state-dir=${dataDir}`,
    '--log-level=WARN',
  ];
  return startManagedProcess({
    name: 'ferretdb',
    command: binaryPath,
    args,
    port,
    url,
    logFile: join(dataDir, 'ferretdb.log'),
    cwd: dataDir,
    isReady: (pid) => answersAs(url, pid),
  });
};
