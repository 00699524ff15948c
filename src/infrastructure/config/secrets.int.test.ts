import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { derivedResetSecret, loadSecrets, secretsFile, SecretsError, type Secrets } from './secrets';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const key = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes in base64url

/** Another process starting on the data folder, at `startAt` (ms since the epoch) so that several start at once. */
const loadInAnotherProcess = async (dataDir: string, startAt = 0): Promise<Secrets> => {
  const script = `setTimeout(() => require('./src/infrastructure/config/secrets.ts').loadSecrets({ dataDir: process.argv[1] })
    .then((secrets) => process.stdout.write(JSON.stringify(secrets))), Math.max(0, Number(process.argv[2]) - Date.now()));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script, dataDir, String(startAt)], { cwd: repoRoot });
  return JSON.parse(stdout) as Secrets;
};

describe('the signing keys (loadSecrets)', () => {
  let dataDir: string;

  beforeEach(async () => {
    // A folder that does not exist yet, as on the very first start (siblings such as `${dataDir}-2` go with it).
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'chatty-secrets-')), 'data');
  });
  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('generates two distinct random keys on first start, in a file only the owner may read', async () => {
    const secrets = await loadSecrets({ dataDir });
    expect(secrets.jwtSecret).toMatch(key);
    expect(secrets.resetSecret).toMatch(key);
    expect(secrets.jwtSecret).not.toBe(secrets.resetSecret);
    expect((await stat(secretsFile(dataDir))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(secretsFile(dataDir), 'utf8'))).toEqual(secrets);
    expect(await readdir(dataDir)).toEqual(['secrets.json']); // no temporary file left behind
  });

  it('reuses them on every later call and restart, and another data folder gets keys of its own', async () => {
    const first = await loadSecrets({ dataDir });
    expect(await loadSecrets({ dataDir })).toEqual(first);
    expect(await loadInAnotherProcess(dataDir)).toEqual(first);
    const other = await loadSecrets({ dataDir: `${dataDir}-other` });
    expect(other.jwtSecret).not.toBe(first.jwtSecret);
    expect(other.resetSecret).not.toBe(first.resetSecret);
  });

  it('gives the same keys to every process of a first start, however they race', async () => {
    const startAt = Date.now() + 1_500;
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => loadInAnotherProcess(dataDir, startAt)),
      new Promise<void>((resolve) => setTimeout(resolve, startAt - Date.now())).then(() => loadSecrets({ dataDir })),
    ]);
    const inProcess = await Promise.all(Array.from({ length: 10 }, () => loadSecrets({ dataDir: `${dataDir}-2` })));
    for (const all of [results, inProcess]) {
      expect(new Set(all.map((secrets) => JSON.stringify(secrets))).size).toBe(1);
    }
    expect(await loadSecrets({ dataDir })).toEqual(results[0]);
    expect(await readdir(dataDir)).toEqual(['secrets.json']);
  });

  it('lets the environment win: JWT_SECRET alone derives a distinct reset key, and touches no file', async () => {
    const jwtSecret = 'j'.repeat(40);
    const secrets = await loadSecrets({ dataDir, jwtSecret });
    expect(secrets).toEqual({ jwtSecret, resetSecret: derivedResetSecret(jwtSecret) });
    expect(secrets.resetSecret).toMatch(key);
    expect(secrets.resetSecret).not.toBe(jwtSecret);
    expect(derivedResetSecret('k'.repeat(40))).not.toBe(secrets.resetSecret);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });

    expect(await loadSecrets({ dataDir, jwtSecret, resetSecret: 'r'.repeat(40) })).toEqual({ jwtSecret, resetSecret: 'r'.repeat(40) });
  });

  it('takes RESET_TOKEN_SECRET alone from the environment and the session key from the data folder', async () => {
    const stored = await loadSecrets({ dataDir });
    expect(await loadSecrets({ dataDir, resetSecret: 'r'.repeat(40) })).toEqual({ jwtSecret: stored.jwtSecret, resetSecret: 'r'.repeat(40) });
  });

  it('refuses one key for both purposes', async () => {
    await expect(loadSecrets({ dataDir, jwtSecret: 'x'.repeat(40), resetSecret: 'x'.repeat(40) })).rejects.toThrow(SecretsError);
  });

  it('refuses a key file that other users may read, saying what to do, and leaves it as it is', async () => {
    const stored = await loadSecrets({ dataDir });
    await chmod(secretsFile(dataDir), 0o644);
    await expect(loadSecrets({ dataDir })).rejects.toThrow(
      `${secretsFile(dataDir)} is open to other users (mode 644), so its keys may be known. If nobody else could have read it, run chmod 600 on it;`,
    );
    expect((await stat(secretsFile(dataDir))).mode & 0o777).toBe(0o644);
    await chmod(secretsFile(dataDir), 0o600);
    expect(await loadSecrets({ dataDir })).toEqual(stored);
  });

  it('refuses a damaged key file rather than replace the keys', async () => {
    await loadSecrets({ dataDir });
    await writeFile(secretsFile(dataDir), '{"jwtSecret":"short"}', { mode: 0o600 });
    await expect(loadSecrets({ dataDir })).rejects.toThrow(`${secretsFile(dataDir)} does not hold two distinct keys (jwtSecret, resetSecret)`);
    expect(await readFile(secretsFile(dataDir), 'utf8')).toBe('{"jwtSecret":"short"}');
  });
});
