import { spawn } from 'node:child_process';
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
  stop(): Promise<void>;
}>;

const repoRoot = resolve(__dirname, '..');

/**
 * A second api process beside the system under test: the real entry point (`src/interfaces/main.ts`) with `ROLE=api`,
 * the same database, Redis and signing keys, on another port.
 */
export const startApiNode = async (sut: SystemUnderTest, stores: Stores, timeoutMs = 120_000): Promise<ApiNode> => {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { config } = sut.system;
  const env = {
    ...process.env,
    ROLE: 'api',
    NODE_ENV: config.nodeEnv,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    MONGO_URL: config.mongoUrl!,
    MONGO_DB: config.mongoDb,
    REDIS_URL: config.redisUrl!,
    JWT_SECRET: config.jwtSecret,
    RESET_TOKEN_SECRET: config.resetSecret,
    DATA_DIR: join(stores.dataDir, 'api-node'),
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/interfaces/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const warnings = new Map<string, number>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const entry = JSON.parse(line) as { level: number; msg?: string };
    if (entry.level >= 50) process.stderr.write(`api node: ${line}\n`);
    else warnings.set(entry.msg ?? '', (warnings.get(entry.msg ?? '') ?? 0) + 1);
  });
  const started = now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the api node exited with code ${child.exitCode}`);
    const health = await fetch(`${baseUrl}/health`).catch(() => null);
    if (health?.status === 200) break;
    if (now() - started > timeoutMs) throw new Error(`the api node did not answer /health within ${timeoutMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  return {
    baseUrl,
    pid: child.pid!,
    warnings,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
};
