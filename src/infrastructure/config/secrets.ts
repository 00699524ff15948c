import { hkdfSync, randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The two signing keys: session tokens (JWT) and reset links (HMAC). They always differ. */
export type Secrets = Readonly<{ jwtSecret: string; resetSecret: string }>;

export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}

/** Where the embedded default keeps the keys it generated: `<DATA_DIR>/secrets.json`, owner-only. */
export const secretsFile = (dataDir: string): string => path.join(dataDir, 'secrets.json');

const freshKey = (): string => randomBytes(32).toString('base64url');

/**
 * With only JWT_SECRET given, the reset-link key is derived from it with HKDF-SHA256 under a label of its own: a
 * one-way derivation, so neither key can be computed from the other (a reset link is not a session token, nor the
 * reverse), and every api and worker given the same JWT_SECRET derives the same reset key without a second variable.
 */
export const derivedResetSecret = (jwtSecret: string): string =>
  Buffer.from(hkdfSync('sha256', jwtSecret, 'chatty-es', 'password-reset link key v1', 32)).toString('base64url');

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

const isKey = (value: unknown): value is string => typeof value === 'string' && value.length >= 32;

/**
 * The stored keys, or null when there is no file yet. A file that other users may read or write is refused rather
 * than tightened: its keys may already be known, and only the operator can tell (chmod if not, delete it if so).
 */
const readStored = async (file: string): Promise<Secrets | null> => {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const { mode } = await handle.stat();
    // Windows has no owner-only mode bits to check.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new SecretsError(
        `${file} is open to other users (mode ${(mode & 0o777).toString(8)}), so its keys may be known. ` +
          `If nobody else could have read it, run chmod 600 on it; otherwise delete it and new keys are made at the next start ` +
          `(every session and reset link ends then).`,
      );
    }
    const text = await handle.readFile('utf8');
    let stored: Partial<Record<keyof Secrets, unknown>> | null = null;
    try {
      stored = JSON.parse(text) as Partial<Record<keyof Secrets, unknown>> | null;
    } catch {
      // reported below
    }
    if (!isKey(stored?.jwtSecret) || !isKey(stored?.resetSecret) || stored.jwtSecret === stored.resetSecret) {
      throw new SecretsError(`${file} does not hold two distinct keys (jwtSecret, resetSecret): delete it and new keys are made at the next start.`);
    }
    return { jwtSecret: stored.jwtSecret, resetSecret: stored.resetSecret };
  } finally {
    await handle.close();
  }
};

/** Makes the directory entry of a new file durable (best effort: not every platform can open a directory). */
const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // not supported here
  } finally {
    await handle.close();
  }
};

/**
 * The keys in `<dataDir>/secrets.json`, made on first start. The new file is written in full under a temporary name
 * (exclusive create, mode 0600) and then hard-linked to its real name: `link` is atomic and, unlike `rename`, fails
 * with EEXIST when the name is taken. So a reader never sees half a file, and when several processes start for the
 * first time at once exactly one file wins and every process reads and uses its keys.
 */
const storedSecrets = async (dataDir: string): Promise<Secrets> => {
  const file = secretsFile(dataDir);
  const existing = await readStored(file);
  if (existing) return existing;

  await mkdir(dataDir, { recursive: true });
  const fresh: Secrets = { jwtSecret: freshKey(), resetSecret: freshKey() };
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(`${JSON.stringify(fresh)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, file);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const winner = await readStored(file);
      if (!winner) throw new SecretsError(`${file} disappeared while it was being created`);
      return winner;
    }
    await syncDirectory(dataDir);
    return fresh;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
};

/**
 * The signing keys of this process. A key given in the environment wins (JWT_SECRET, RESET_TOKEN_SECRET); without
 * RESET_TOKEN_SECRET the reset key is derived from JWT_SECRET when that is given; otherwise both come from the data
 * folder, generated on first start and reused ever after. There is no built-in key.
 */
export const loadSecrets = async (
  options: Readonly<{ dataDir: string; jwtSecret?: string | undefined; resetSecret?: string | undefined }>,
): Promise<Secrets> => {
  const { jwtSecret, resetSecret } =
    options.jwtSecret === undefined
      ? await storedSecrets(options.dataDir)
      : { jwtSecret: options.jwtSecret, resetSecret: derivedResetSecret(options.jwtSecret) };
  const secrets = { jwtSecret, resetSecret: options.resetSecret ?? resetSecret };
  if (secrets.jwtSecret === secrets.resetSecret) throw new SecretsError('RESET_TOKEN_SECRET must differ from JWT_SECRET');
  return secrets;
};

/**
 * Keys that nobody else has, for a process that signs and checks no token (the admin CLI): its container needs
 * keys to be built, but it must not create or read the data folder's file, which may belong to the server's user.
 */
export const throwawaySecrets = (): Secrets => ({ jwtSecret: freshKey(), resetSecret: freshKey() });
