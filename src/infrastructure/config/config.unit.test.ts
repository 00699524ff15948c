import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected loadConfig to throw');
};

describe('loading the configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      role: 'all',
      port: 5000,
      mongoUrl: undefined,
      mongoDb: 'chatty',
      redisUrl: undefined,
      // No built-in key: loadSecrets supplies both from the data folder.
      jwtSecret: undefined,
      resetSecret: undefined,
      clientUrl: 'http://localhost:3000',
      publicUrl: 'http://localhost:5000',
      sessionTtlHours: 168,
      signupLimitPerHour: 60,
      passwordHashCosts: { memoryKib: 19_456, passes: 2 },
      trustProxyHops: 0,
      readYourWritesTimeoutMs: 2_000,
      chatUnreadEmailDelayMs: 60_000,
      chatEmailWindowMs: 900_000,
      smtpUrl: undefined,
      mailFrom: 'Chatty App <no-reply@chatty.local>',
      cloudinaryUrl: undefined,
      dataDir: resolve(__dirname, '../../..', '.data'),
      logLevel: 'info',
      nodeEnv: 'development',
    });
  });

  it('reads every variable that is set', () => {
    const config = loadConfig({
      ROLE: 'worker',
      PORT: '8080',
      MONGO_URL: 'mongodb://db1:27017,db2:27017/?replicaSet=rs0',
      MONGO_DB: 'chatty_prod',
      REDIS_URL: 'redis://:secret@cache:6379/2',
      JWT_SECRET: 'x'.repeat(40),
      RESET_TOKEN_SECRET: 'y'.repeat(40),
      CLIENT_URL: 'https://chatty.example/',
      PUBLIC_URL: 'https://api.chatty.example',
      SESSION_TTL_HOURS: '24',
      CHAT_UNREAD_EMAIL_DELAY_MS: '300',
      CHAT_EMAIL_WINDOW_MS: '5000',
      SMTP_URL: 'smtp://user:pass@mail:587',
      MAIL_FROM: 'Chatty <hello@chatty.example>',
      CLOUDINARY_URL: 'cloudinary://key:secret@cloud',
      DATA_DIR: '/var/lib/chatty',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      role: 'worker',
      port: 8080,
      mongoUrl: 'mongodb://db1:27017,db2:27017/?replicaSet=rs0',
      mongoDb: 'chatty_prod',
      redisUrl: 'redis://:secret@cache:6379/2',
      jwtSecret: 'x'.repeat(40),
      resetSecret: 'y'.repeat(40),
      clientUrl: 'https://chatty.example',
      publicUrl: 'https://api.chatty.example',
      sessionTtlHours: 24,
      chatUnreadEmailDelayMs: 300,
      chatEmailWindowMs: 5_000,
      smtpUrl: 'smtp://user:pass@mail:587',
      cloudinaryUrl: 'cloudinary://key:secret@cloud',
      dataDir: '/var/lib/chatty',
      logLevel: 'debug',
      nodeEnv: 'production',
    });
  });

  it('accepts a mongodb+srv URL', () => {
    expect(loadConfig({ MONGO_URL: 'mongodb+srv://u:p@cluster0.example.net/chatty' }).mongoUrl).toBe('mongodb+srv://u:p@cluster0.example.net/chatty');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', MONGO_URL: '' })).toMatchObject({ port: 5000, mongoUrl: undefined });
  });

  it('names the variable and what it expects, one line per problem', () => {
    expect(problemsOf({ PORT: 'abc', ROLE: 'admin', REDIS_URL: 'http://cache:6379' })).toEqual([
      'ROLE: expected one of api, worker, all, got "admin"',
      'PORT: expected an integer between 1 and 65535, got "abc"',
      'REDIS_URL: expected a redis:// or rediss:// URL, got "http://cache:6379"',
    ]);
  });

  it('rejects out-of-range and fractional ports', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: expected an integer between 1 and 65535, got "70000"']);
    expect(problemsOf({ PORT: '50.5' })).toEqual(['PORT: expected an integer between 1 and 65535, got "50.5"']);
  });

  it('rejects a MongoDB URL with another scheme', () => {
    expect(problemsOf({ MONGO_URL: 'postgres://db/chatty' })).toEqual(['MONGO_URL: expected a mongodb:// or mongodb+srv:// URL, got "postgres://db/chatty"']);
  });

  it('requires JWT_SECRET in production, and whenever the API is not served on this machine', () => {
    const problem = 'JWT_SECRET: required in production and whenever PUBLIC_URL is not a local address (a secret of at least 32 characters)';
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([problem]);
    expect(problemsOf({ PUBLIC_URL: 'https://api.example.com' })).toEqual([problem]);
    expect(problemsOf({ NODE_ENV: 'production', RESET_TOKEN_SECRET: 'y'.repeat(40) })).toEqual([problem]);
    // On this machine the keys come from the data folder instead (see secrets.int.test.ts).
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:5000' }).jwtSecret).toBeUndefined();
  });

  it("keeps the argon2id costs at OWASP's floor or above in production, and within bounds everywhere", () => {
    const secret = { JWT_SECRET: 'x'.repeat(40) };
    expect(problemsOf({ ...secret, NODE_ENV: 'production', PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' })).toEqual([
      'PASSWORD_HASH_MEMORY_KIB: at least 19456 in production (lower costs are for tests)',
      'PASSWORD_HASH_PASSES: at least 2 in production (lower costs are for tests)',
    ]);
    expect(loadConfig({ ...secret, NODE_ENV: 'production', PASSWORD_HASH_MEMORY_KIB: '65536', PASSWORD_HASH_PASSES: '3' }).passwordHashCosts).toEqual({
      memoryKib: 65_536,
      passes: 3,
    });
    expect(loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' }).passwordHashCosts).toEqual({
      memoryKib: 1_024,
      passes: 1,
    });
    expect(problemsOf({ PASSWORD_HASH_MEMORY_KIB: '1023' })[0]).toMatch(/^PASSWORD_HASH_MEMORY_KIB/);
    expect(problemsOf({ PASSWORD_HASH_MEMORY_KIB: '1048577' })[0]).toMatch(/^PASSWORD_HASH_MEMORY_KIB/);
    expect(problemsOf({ PASSWORD_HASH_PASSES: '0' })[0]).toMatch(/^PASSWORD_HASH_PASSES/);
    expect(problemsOf({ PASSWORD_HASH_PASSES: '11' })[0]).toMatch(/^PASSWORD_HASH_PASSES/);
  });

  it('keeps the chat e-mail delay between none and a day, and its window between a second and a week', () => {
    expect(loadConfig({ CHAT_UNREAD_EMAIL_DELAY_MS: '0', CHAT_EMAIL_WINDOW_MS: '1000' })).toMatchObject({
      chatUnreadEmailDelayMs: 0,
      chatEmailWindowMs: 1_000,
    });
    expect(loadConfig({ CHAT_UNREAD_EMAIL_DELAY_MS: '86400000', CHAT_EMAIL_WINDOW_MS: '604800000' })).toMatchObject({
      chatUnreadEmailDelayMs: 86_400_000,
      chatEmailWindowMs: 604_800_000,
    });
    expect(problemsOf({ CHAT_UNREAD_EMAIL_DELAY_MS: '86400001', CHAT_EMAIL_WINDOW_MS: '999' })).toEqual([
      'CHAT_UNREAD_EMAIL_DELAY_MS: expected an integer between 0 and 86400000, got "86400001"',
      'CHAT_EMAIL_WINDOW_MS: expected an integer between 1000 and 604800000, got "999"',
    ]);
    expect(problemsOf({ CHAT_UNREAD_EMAIL_DELAY_MS: '-1' })).toEqual(['CHAT_UNREAD_EMAIL_DELAY_MS: expected an integer between 0 and 86400000, got "-1"']);
    expect(problemsOf({ CHAT_EMAIL_WINDOW_MS: '1.5e6' })).toEqual(['CHAT_EMAIL_WINDOW_MS: expected an integer between 1000 and 604800000, got "1.5e6"']);
  });

  it('has no built-in key: without JWT_SECRET the configuration holds none', () => {
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ jwtSecret: undefined, resetSecret: undefined });
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ jwtSecret: undefined, resetSecret: undefined });
  });

  it('keeps no signing key in the source', async () => {
    const source = resolve(__dirname, '../../..', 'src');
    const files = (await readdir(source, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(50);
    const offending: string[] = [];
    for (const file of files) if (/chatty-development-jwt-secret/.test(await readFile(join(source, file), 'utf8'))) offending.push(file);
    expect(offending).toEqual([]);
  });

  it('reads RESET_TOKEN_SECRET, which must differ from JWT_SECRET', () => {
    expect(loadConfig({ RESET_TOKEN_SECRET: 'y'.repeat(32) })).toMatchObject({ jwtSecret: undefined, resetSecret: 'y'.repeat(32) });
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(40), RESET_TOKEN_SECRET: 'x'.repeat(40) })).toEqual([
      'RESET_TOKEN_SECRET: expected a secret other than JWT_SECRET',
    ]);
  });

  it('rejects a short JWT_SECRET without printing it', () => {
    expect(problemsOf({ JWT_SECRET: 'hunter2' })).toEqual(['JWT_SECRET: expected a secret of at least 32 characters, got 7 characters']);
    expect(problemsOf({ RESET_TOKEN_SECRET: 'hunter22' })).toEqual(['RESET_TOKEN_SECRET: expected a secret of at least 32 characters, got 8 characters']);
  });

  it('hides the password of a bad URL', () => {
    expect(problemsOf({ SMTP_URL: 'http://user:pa55@mail' })).toEqual(['SMTP_URL: expected an smtp:// or smtps:// URL, got "http://***@mail"']);
  });

  it('rejects an unknown log level and environment', () => {
    expect(problemsOf({ LOG_LEVEL: 'verbose', NODE_ENV: 'staging' })).toEqual([
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'NODE_ENV: expected one of development, test, production, got "staging"',
    ]);
  });
});
