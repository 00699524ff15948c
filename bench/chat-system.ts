import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort } from '@infrastructure/embedded';
import type { Stores, SystemUnderTest } from './feeds-system';
import { now } from './measure';

export type ApiNode = Readonly<{
  baseUrl: string;
  pid: number;
  /** How many times the process logged each warning message so far (errors are also printed to stderr). */
  warnings: ReadonlyMap<string, number>;
  /** Settles when the process has exited, for whatever reason. */
  exited: Promise<unknown>;
  stop(): Promise<void>;
}>;

const repoRoot = resolve(__dirname, '..');

/** A log line of the system (pino JSON); anything else counts as an error line. */
const logEntryOf = (line: string): { level: number; msg?: string } => {
  try {
    return JSON.parse(line) as { level: number; msg?: string };
  } catch {
    return { level: 50, msg: line };
  }
};

/**
 * The real entry point (`src/interfaces/main.ts`) of the checkout at `cwd` in a child process, with `env` (the
 * README's variables) and PORT and PUBLIC_URL on a free port; resolves once it answers `/health`.
 */
/** SIGTERM, then SIGKILL if the process has not exited 15 s later; `exited` is its `once(child, 'exit')`. */
export const stopChild = async (child: ChildProcess, exited: Promise<unknown>): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(forced);
};

export const startEntryPoint = async (options: Readonly<{ cwd: string; env: Record<string, string>; label: string; timeoutMs?: number }>): Promise<ApiNode> => {
  const { cwd, label, timeoutMs = 120_000 } = options;
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ...options.env, PORT: String(port), PUBLIC_URL: baseUrl };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/interfaces/main.ts'], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const warnings = new Map<string, number>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const entry = logEntryOf(line);
    if (entry.level >= 50) process.stderr.write(`${label}: ${line}\n`);
    else warnings.set(entry.msg ?? '', (warnings.get(entry.msg ?? '') ?? 0) + 1);
  });
  const stop = () => stopChild(child, exited);
  const started = now();
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode}`);
      const health = await fetch(`${baseUrl}/health`).catch(() => null);
      if (health?.status === 200) break;
      if (now() - started > timeoutMs) throw new Error(`${label} did not answer /health within ${timeoutMs} ms`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid!, warnings, exited, stop };
};

/**
 * A second api process beside the system under test: the real entry point with `ROLE=api`, the same database, Redis
 * and signing keys, on another port.
 */
export const startApiNode = (sut: SystemUnderTest, stores: Stores, timeoutMs = 120_000): Promise<ApiNode> => {
  const { config } = sut.system;
  const env = {
    ROLE: 'api',
    NODE_ENV: config.nodeEnv,
    MONGO_URL: config.mongoUrl!,
    MONGO_DB: config.mongoDb,
    REDIS_URL: config.redisUrl!,
    JWT_SECRET: config.jwtSecret,
    RESET_TOKEN_SECRET: config.resetSecret,
    DATA_DIR: join(stores.dataDir, 'api-node'),
    LOG_LEVEL: 'warn',
  };
  return startEntryPoint({ cwd: repoRoot, env, label: 'api node', timeoutMs });
};
