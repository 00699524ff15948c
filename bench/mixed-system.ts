import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startEntryPoint, type ApiNode } from './chat-system';
import type { Stores } from './feeds-system';

const execFileAsync = promisify(execFile);
export const repoRoot = resolve(__dirname, '..');

export type Checkout = Readonly<{ dir: string; commit: string; subject: string; remove(): Promise<void> }>;

const git = async (args: string[], cwd = repoRoot): Promise<string> => (await execFileAsync('git', args, { cwd })).stdout.trim();

/**
 * `rev` checked out with `git worktree add` into a directory of its own under the system's temporary directory, its
 * npm packages installed with `npm ci`. It runs with the servers it is given (MONGO_URL and REDIS_URL), so it needs
 * neither the FerretDB binary nor Redis of its own setup script. remove() deletes the worktree and its registration.
 */
export const checkOut = async (rev: string, label: string, log: (line: string) => void): Promise<Checkout> => {
  const commit = await git(['rev-parse', '--verify', `${rev}^{commit}`]);
  const subject = await git(['log', '-1', '--format=%s', commit]);
  const dir = join(tmpdir(), `chatty-${label}-${randomBytes(4).toString('hex')}`);
  const remove = async () => {
    await git(['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await git(['worktree', 'prune']).catch(() => undefined);
  };
  try {
    await git(['worktree', 'add', '--detach', dir, commit]);
    log(`   ${rev} (${commit.slice(0, 7)}, "${subject}") checked out in ${dir}; npm ci`);
    await execFileAsync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, commit, subject, remove };
};

/**
 * The whole system of the checkout at `cwd` (`ROLE=all`, as `npm start` runs it) in a child process, on the stores'
 * database and Redis, with production's settings except the sign-up limit per address: every virtual user signs up
 * from this machine.
 */
export const startCheckoutSystem = (
  options: Readonly<{ cwd: string; label: string; stores: Stores; mongoUrl: string; database: string }>,
): Promise<ApiNode> => {
  const { cwd, label, stores, mongoUrl, database } = options;
  const env = {
    ROLE: 'all',
    NODE_ENV: 'production',
    MONGO_URL: mongoUrl,
    MONGO_DB: database,
    REDIS_URL: stores.redis.url,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    DATA_DIR: join(stores.dataDir, label),
    LOG_LEVEL: 'warn',
    SIGNUP_LIMIT_PER_HOUR: '1000000',
  };
  return startEntryPoint({ cwd, env, label });
};
