import { resolve } from 'node:path';
import { z } from 'zod';
import type { Secrets } from './secrets';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const defaultDataDir = resolve(__dirname, '../../..', '.data');

const hasScheme = (value: string, schemes: readonly string[]): boolean => {
  try {
    return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
  } catch {
    return false;
  }
};

const urlWith = (...schemes: string[]) => z.string().refine((value) => hasScheme(value, schemes));

/** Origins are compared verbatim by CORS, so a trailing slash is dropped. */
const httpUrl = urlWith('http', 'https').transform((value) => value.replace(/\/+$/, ''));

// WHATWG URL cannot parse a seed list (mongodb://a:27017,b:27017/?replicaSet=rs), so check the shape only.
const mongoUrl = z.string().regex(/^mongodb(\+srv)?:\/\/[^\s/?#]+(\/[^\s]*)?$/);

const integer = (min: number, max: number) => z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const fields = {
  ROLE: { schema: z.enum(['api', 'worker', 'all']).default('all'), expected: 'one of api, worker, all' },
  PORT: { schema: integer(1, 65535).default(5000), expected: 'an integer between 1 and 65535' },
  MONGO_URL: { schema: mongoUrl.optional(), expected: 'a mongodb:// or mongodb+srv:// URL' },
  MONGO_DB: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/)
      .default('chatty'),
    expected: 'a database name of at most 63 letters, digits, _ or -',
  },
  REDIS_URL: { schema: urlWith('redis', 'rediss').optional(), expected: 'a redis:// or rediss:// URL' },
  JWT_SECRET: { schema: z.string().min(32).optional(), expected: 'a secret of at least 32 characters' },
  RESET_TOKEN_SECRET: { schema: z.string().min(32).optional(), expected: 'a secret of at least 32 characters' },
  CLIENT_URL: { schema: httpUrl.default('http://localhost:3000'), expected: 'an http:// or https:// URL' },
  PUBLIC_URL: { schema: httpUrl.default('http://localhost:5000'), expected: 'an http:// or https:// URL' },
  SESSION_TTL_HOURS: { schema: integer(1, 24 * 365).default(168), expected: 'an integer between 1 and 8760' },
  SIGNUP_LIMIT_PER_HOUR: { schema: integer(1, 1_000_000).default(60), expected: 'an integer between 1 and 1000000' },
  PASSWORD_HASH_MEMORY_KIB: { schema: integer(1_024, 1_048_576).default(19_456), expected: 'an integer between 1024 and 1048576' },
  PASSWORD_HASH_PASSES: { schema: integer(1, 10).default(2), expected: 'an integer between 1 and 10' },
  TRUST_PROXY_HOPS: { schema: integer(0, 10).default(0), expected: 'an integer between 0 and 10' },
  READ_YOUR_WRITES_TIMEOUT_MS: { schema: integer(0, 60_000).default(2_000), expected: 'an integer between 0 and 60000' },
  CHAT_UNREAD_EMAIL_DELAY_MS: { schema: integer(0, 86_400_000).default(60_000), expected: 'an integer between 0 and 86400000' },
  CHAT_EMAIL_WINDOW_MS: { schema: integer(1_000, 604_800_000).default(900_000), expected: 'an integer between 1000 and 604800000' },
  SMTP_URL: { schema: urlWith('smtp', 'smtps').optional(), expected: 'an smtp:// or smtps:// URL' },
  MAIL_FROM: { schema: z.string().min(3).default('Chatty App <no-reply@chatty.local>'), expected: 'a sender address' },
  CLOUDINARY_URL: { schema: urlWith('cloudinary').optional(), expected: 'a cloudinary:// URL' },
  DATA_DIR: {
    schema: z
      .string()
      .transform((dir) => resolve(dir))
      .default(defaultDataDir),
    expected: 'a directory path',
  },
  LOG_LEVEL: { schema: z.enum(logLevels).default('info'), expected: `one of ${logLevels.join(', ')}` },
  NODE_ENV: {
    schema: z.enum(['development', 'test', 'production']).default('development'),
    expected: 'one of development, test, production',
  },
} as const;

type FieldName = keyof typeof fields;

const envSchema = z.object(
  Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.schema])) as {
    [K in FieldName]: (typeof fields)[K]['schema'];
  },
);

type Env = z.infer<typeof envSchema>;

export type LogLevel = (typeof logLevels)[number];

/**
 * The configuration as the environment gives it. The signing keys are there only when JWT_SECRET and
 * RESET_TOKEN_SECRET are set: `loadSecrets` (./secrets) supplies the rest, which makes a `Config`.
 */
export type EnvConfig = Readonly<{
  role: 'api' | 'worker' | 'all';
  port: number;
  /** Unset: the embedded FerretDB is started. */
  mongoUrl: string | undefined;
  mongoDb: string;
  /** Unset: the embedded Redis is started. */
  redisUrl: string | undefined;
  /** Unset: loaded from the data folder (or generated there on first start) by `loadSecrets`. */
  jwtSecret: string | undefined;
  /** Unset: derived from JWT_SECRET when that is set, else loaded from the data folder by `loadSecrets`. */
  resetSecret: string | undefined;
  /** The web client's origin, allowed by CORS with credentials; no trailing slash. */
  clientUrl: string;
  /** The API's own base URL, used in links to locally stored media; no trailing slash. */
  publicUrl: string;
  sessionTtlHours: number;
  /** Sign-ups accepted per client address and hour. */
  signupLimitPerHour: number;
  /** The argon2id costs of new password hashes; a weaker hash is replaced at its owner's next sign-in. */
  passwordHashCosts: Readonly<{ memoryKib: number; passes: number }>;
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed (0: the client address is the peer's). */
  trustProxyHops: number;
  /** How long a query waits for the read models to show the caller's own writes before it answers anyway. */
  readYourWritesTimeoutMs: number;
  /** How long a chat message stays unread before its receiver may get an e-mail about it. */
  chatUnreadEmailDelayMs: number;
  /** At most one unread-message e-mail per conversation and receiver within this window. */
  chatEmailWindowMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  cloudinaryUrl: string | undefined;
  /** Absolute. */
  dataDir: string;
  logLevel: LogLevel;
  nodeEnv: 'development' | 'test' | 'production';
}>;

/** What a process runs with: the environment's configuration with both signing keys loaded (they always differ). */
export type Config = Readonly<Omit<EnvConfig, keyof Secrets> & Secrets>;

const toConfig = (env: Env): EnvConfig => ({
  role: env.ROLE,
  port: env.PORT,
  mongoUrl: env.MONGO_URL,
  mongoDb: env.MONGO_DB,
  redisUrl: env.REDIS_URL,
  jwtSecret: env.JWT_SECRET,
  resetSecret: env.RESET_TOKEN_SECRET,
  clientUrl: env.CLIENT_URL,
  publicUrl: env.PUBLIC_URL,
  sessionTtlHours: env.SESSION_TTL_HOURS,
  signupLimitPerHour: env.SIGNUP_LIMIT_PER_HOUR,
  passwordHashCosts: { memoryKib: env.PASSWORD_HASH_MEMORY_KIB, passes: env.PASSWORD_HASH_PASSES },
  trustProxyHops: env.TRUST_PROXY_HOPS,
  readYourWritesTimeoutMs: env.READ_YOUR_WRITES_TIMEOUT_MS,
  chatUnreadEmailDelayMs: env.CHAT_UNREAD_EMAIL_DELAY_MS,
  chatEmailWindowMs: env.CHAT_EMAIL_WINDOW_MS,
  smtpUrl: env.SMTP_URL,
  mailFrom: env.MAIL_FROM,
  cloudinaryUrl: env.CLOUDINARY_URL,
  dataDir: env.DATA_DIR,
  logLevel: env.LOG_LEVEL,
  nodeEnv: env.NODE_ENV,
});

// Error messages end up in logs: never echo a secret, nor the password inside a URL.
const shown = (name: string, raw: string | undefined): string => {
  if (raw === undefined) return 'nothing';
  if (name.endsWith('_SECRET')) return `${raw.length} characters`;
  return JSON.stringify(name.endsWith('_URL') ? raw.replace(/\/\/[^/@\s]*@/, '//***@') : raw);
};

const describeProblem = (name: string, raw: string | undefined): string => `${name}: expected ${fields[name as FieldName].expected}, got ${shown(name, raw)}`;

/**
 * Keys generated into the data folder suit one machine. An API reached from elsewhere is a deployment, whose api and
 * worker processes (the worker signs reset links) may run on several machines and must all use one key: JWT_SECRET.
 */
const isLocal = (publicUrl: string | undefined): boolean => {
  if (publicUrl === undefined) return true;
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(publicUrl).hostname);
  } catch {
    return true; // an invalid PUBLIC_URL is reported by its own check
  }
};

/**
 * Reads the process configuration from environment variables. An empty variable counts as unset.
 * Throws a ConfigError listing every problem, one line each. The signing keys are completed by `loadSecrets`.
 */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): EnvConfig => {
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(fields)) raw[name] = env[name] === '' ? undefined : env[name];

  const parsed = envSchema.safeParse(raw);
  const badNames = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  const problems = badNames.map((name) => describeProblem(name, raw[name]));
  if (raw.JWT_SECRET === undefined && (raw.NODE_ENV === 'production' || !isLocal(raw.PUBLIC_URL))) {
    problems.push(`JWT_SECRET: required in production and whenever PUBLIC_URL is not a local address (${fields.JWT_SECRET.expected})`);
  }
  if (raw.NODE_ENV === 'production' && parsed.success) {
    // OWASP's floor for argon2id; lower costs are for tests.
    if (parsed.data.PASSWORD_HASH_MEMORY_KIB < 19_456) problems.push('PASSWORD_HASH_MEMORY_KIB: at least 19456 in production (lower costs are for tests)');
    if (parsed.data.PASSWORD_HASH_PASSES < 2) problems.push('PASSWORD_HASH_PASSES: at least 2 in production (lower costs are for tests)');
  }
  if (raw.RESET_TOKEN_SECRET !== undefined && raw.RESET_TOKEN_SECRET === raw.JWT_SECRET) {
    problems.push('RESET_TOKEN_SECRET: expected a secret other than JWT_SECRET');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(toConfig(parsed.data));
};
