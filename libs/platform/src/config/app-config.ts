import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type AiConfig, readAiConfig } from './ai-config';
import { ConfigError } from './config-error';
import { type Env, readBool, readByteSize, readEnum, readInt, readNumber, readString, readUrl } from './env-parsers';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** Which processes run background jobs: every one (`all`), only the worker app (`worker`), or none of them (`none`). */
export const JOB_PROCESSING_MODES = ['all', 'worker', 'none'] as const;
export type JobProcessing = (typeof JOB_PROCESSING_MODES)[number];

/** One key of SYNC_SECRETS_KEY: its id (stored with each ciphertext) and its 32 bytes. */
export interface SyncSecretsKey {
  id: string;
  key: Buffer;
}

/** Express's `trust proxy` setting: off, on, a hop count, or a list of trusted addresses/subnets. */
export type TrustProxy = boolean | number | string[];

/**
 * Every setting of the process, read from the environment once at boot.
 * It doubles as its own injection token: inject `AppConfig` anywhere.
 */
export class AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  readonly port: number;
  readonly workerPort: number;
  readonly version: string;

  /** Undefined means: run the embedded PostgreSQL. */
  readonly databaseUrl?: string;
  readonly embeddedDbDir: string;
  readonly embeddedDbPort: number;
  readonly dbPoolMax: number;
  readonly dbStatementTimeoutMs: number;
  readonly dbMigrationsRun: boolean;

  /** Undefined means: single instance, everything in memory. */
  readonly redisUrl?: string;
  readonly redisKeyPrefix: string;

  readonly jwtSecret: string;
  readonly jwtSecretGenerated: boolean;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly loginLockBaseMs: number;
  /** log2 of scrypt's N for new password hashes (r=8, p=1); 15 and up, lower only under NODE_ENV=test. */
  readonly passwordHashCost: number;

  readonly corsOrigins: string[];
  readonly trustProxy: TrustProxy;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  /** Bodiless API requests inside the pipeline at once (0: no limit), and how long the rest may wait for a turn. */
  readonly httpMaxInFlight: number;
  readonly httpQueueTimeoutMs: number;
  readonly throttleLimit: number;
  readonly throttleTtlMs: number;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;

  /** Whether this process runs jobs, by its role (the api enqueues either way); see docs/jobs.md. */
  readonly jobProcessing: JobProcessing;
  /**
   * How long a running job's lock lasts without renewal, and how often workers look for jobs
   * whose lock ran out (their worker died): such a job runs again after one to two of these.
   */
  readonly jobStallTimeoutMs: number;

  /** Serve /metrics on this port instead of the main one; undefined: on the main port. */
  readonly metricsPort?: number;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;

  /** Where unexpected errors are reported; undefined: nowhere, and the Sentry SDK is never loaded. */
  readonly sentryDsn?: string;
  readonly sentryEnvironment: string;
  readonly sentryRelease: string;

  /** AI providers per task, their keys, timeouts, prices and the tenant budget (see ai-config.ts and docs/ai.md). */
  readonly ai: AiConfig;

  /**
   * Meeting analysis: a live meeting's rolling analysis is refreshed every `everySegments` new
   * segments (0: never), `delayMs` after the append that crossed the mark, so a burst makes one job.
   */
  readonly analysis: { rolling: { everySegments: number; delayMs: number } };

  /** The SMTP server notifications are e-mailed through, and their sender; undefined: e-mail is off. */
  readonly smtp?: { url: string; from: string };

  /**
   * Whether outbound calls to URLs users configure (webhooks) may reach private, loopback and
   * link-local networks; off by default, against server-side request forgery (libs/platform/src/outbound).
   */
  readonly outboundAllowPrivateNetworks: boolean;

  /**
   * The keys that encrypt data-sync credentials at rest (AES-256-GCM), from SYNC_SECRETS_KEY: the first encrypts,
   * every one decrypts (rotation). Generated at each start outside production when unset (`syncSecretsKeyGenerated`).
   */
  readonly syncSecretsKeys: SyncSecretsKey[];
  readonly syncSecretsKeyGenerated: boolean;

  /** The largest recording upload, in bytes (OpenAI's transcription API takes at most 25 MB a file). */
  readonly recordingMaxBytes: number;

  /** The largest knowledge-base document upload, in bytes. */
  readonly ragDocumentMaxBytes: number;

  /** How the knowledge base's lexical and dense legs are fused (reciprocal-rank fusion, see docs/rag.md). */
  readonly ragFusion: { lexical: number; dense: number; k: number };

  /**
   * Debounce windows, in milliseconds: a meeting's changes within `indexMs` make one indexing job, a tenant's new
   * passages within `embeddingMs` one embedding run. Windows are aligned on the clock, so every instance must use the same.
   */
  readonly ragDebounce: { indexMs: number; embeddingMs: number };

  constructor(values: Omit<AppConfig, never>) {
    Object.assign(this, values);
  }

  /** Reads and validates the environment; throws ConfigError on the first bad value. */
  static fromEnv(env: Env = process.env): AppConfig {
    const nodeEnv = readEnum(env, 'NODE_ENV', NODE_ENVS, 'development');
    const isProduction = nodeEnv === 'production';

    const version = readString(env, 'APP_VERSION', readString(env, 'npm_package_version', '0.1.0'))!;
    const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
    const redisUrl = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);

    let jwtSecret = readString(env, 'JWT_SECRET');
    let jwtSecretGenerated = false;
    if (jwtSecret === undefined) {
      if (isProduction) {
        throw new ConfigError(
          'JWT_SECRET',
          'is required when NODE_ENV=production',
          'Set JWT_SECRET to a random string of at least 32 characters, e.g. the output of `openssl rand -base64 48`.',
        );
      }
      jwtSecret = randomBytes(48).toString('base64url');
      jwtSecretGenerated = true;
    } else if (jwtSecret.length < 32) {
      throw new ConfigError(
        'JWT_SECRET',
        `is too short (${jwtSecret.length} characters; at least 32 are needed)`,
        'Use a random string, e.g. the output of `openssl rand -base64 48`.',
      );
    }

    const syncSecrets = readSyncSecretsKeys(env, isProduction);

    return new AppConfig({
      nodeEnv,
      isProduction,
      port: readInt(env, 'PORT', 3000, { min: 0, max: 65535 }),
      workerPort: readInt(env, 'WORKER_PORT', 3001, { min: 0, max: 65535 }),
      version,
      databaseUrl: databaseUrl?.toString(),
      embeddedDbDir: resolve(readString(env, 'EMBEDDED_DB_DIR', '.data/postgres')!),
      embeddedDbPort: readInt(env, 'EMBEDDED_DB_PORT', 54329, { min: 1, max: 65535 }),
      dbPoolMax: readInt(env, 'DB_POOL_MAX', 10, { min: 1, max: 1000 }),
      dbStatementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 15000, { min: 0, max: 3_600_000 }),
      dbMigrationsRun: readBool(env, 'DB_MIGRATIONS_RUN', !isProduction),
      redisUrl: redisUrl?.toString(),
      redisKeyPrefix: readString(env, 'REDIS_KEY_PREFIX', 'quorum:')!,
      jwtSecret,
      jwtSecretGenerated,
      accessTokenTtlSeconds: readInt(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
      refreshTokenTtlDays: readInt(env, 'REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }),
      loginLockBaseMs: readInt(env, 'LOGIN_LOCK_BASE_MS', 30_000, { min: 100, max: 3_600_000 }),
      // Raising it is how hashes keep pace with hardware (logins rehash on the way in). A test suite that
      // registers and logs in thousands of times may go as low as 2^10; nothing else may go below 2^15.
      // 2^17 is the most scrypt's 128·N·r bytes allows under the hasher's 256 MiB ceiling with room to spare.
      passwordHashCost: readInt(env, 'PASSWORD_HASH_COST', 15, { min: nodeEnv === 'test' ? 10 : 15, max: 17 }),
      corsOrigins: parseCorsOrigins(env),
      trustProxy: parseTrustProxy(env),
      bodyLimitBytes: readByteSize(env, 'BODY_LIMIT', '1mb'),
      requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 30000, { min: 100, max: 600_000 }),
      httpMaxInFlight: readInt(env, 'HTTP_MAX_IN_FLIGHT', 32, { min: 0, max: 100_000 }),
      httpQueueTimeoutMs: readInt(env, 'HTTP_QUEUE_TIMEOUT_MS', 5000, { min: 10, max: 600_000 }),
      throttleLimit: readInt(env, 'THROTTLE_LIMIT', 100, { min: 1, max: 1_000_000 }),
      throttleTtlMs: readInt(env, 'THROTTLE_TTL_MS', 60000, { min: 1000, max: 86_400_000 }),
      logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
      shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10000, { min: 0, max: 600_000 }),
      jobProcessing: readEnum(env, 'JOB_PROCESSING', JOB_PROCESSING_MODES, 'all'),
      jobStallTimeoutMs: readInt(env, 'JOB_STALL_TIMEOUT_MS', 30_000, { min: 200, max: 3_600_000 }),
      metricsPort: readString(env, 'METRICS_PORT') === undefined ? undefined : readInt(env, 'METRICS_PORT', 9464, { min: 0, max: 65535 }),
      metricsToken: readMetricsToken(env),
      sentryDsn: readSentryDsn(env),
      sentryEnvironment: readString(env, 'SENTRY_ENVIRONMENT', nodeEnv)!,
      sentryRelease: readString(env, 'SENTRY_RELEASE', `quorum@${version}`)!,
      ai: readAiConfig(env),
      smtp: readSmtp(env),
      outboundAllowPrivateNetworks: readBool(env, 'OUTBOUND_ALLOW_PRIVATE_NETWORKS', false),
      syncSecretsKeys: syncSecrets.keys,
      syncSecretsKeyGenerated: syncSecrets.generated,
      ragDocumentMaxBytes: readInt(env, 'RAG_DOCUMENT_MAX_BYTES', 10 * 1024 * 1024, { min: 1024, max: 256 * 1024 * 1024 }),
      ragFusion: {
        lexical: readNumber(env, 'RAG_FUSION_LEXICAL_WEIGHT', 1, { min: 0, max: 100 }),
        dense: readNumber(env, 'RAG_FUSION_DENSE_WEIGHT', 1, { min: 0, max: 100 }),
        k: readInt(env, 'RAG_RRF_K', 60, { min: 1, max: 10_000 }),
      },
      ragDebounce: {
        indexMs: readInt(env, 'RAG_INDEX_DEBOUNCE_MS', 10_000, { min: 100, max: 3_600_000 }),
        embeddingMs: readInt(env, 'RAG_EMBEDDING_DEBOUNCE_MS', 5_000, { min: 100, max: 3_600_000 }),
      },
      recordingMaxBytes: readInt(env, 'RECORDING_MAX_BYTES', 25 * 1024 * 1024, { min: 1024, max: 2 * 1024 * 1024 * 1024 - 1 }),
      analysis: {
        rolling: {
          everySegments: readInt(env, 'ANALYSIS_ROLLING_EVERY_SEGMENTS', 25, { min: 0, max: 100_000 }),
          delayMs: readInt(env, 'ANALYSIS_ROLLING_DELAY_MS', 3000, { min: 0, max: 600_000 }),
        },
      },
    });
  }
}

/**
 * SYNC_SECRETS_KEY: one base64 key of 32 bytes (id `k1`), or several `id:key` pairs separated by commas, the first
 * encrypting and all decrypting, so a key is rotated by putting the new one first and keeping the old one until every
 * credential has been saved again. Required in production; otherwise a random key is generated (credentials saved
 * with it are unreadable after a restart).
 */
function readSyncSecretsKeys(env: Env, isProduction: boolean): { keys: SyncSecretsKey[]; generated: boolean } {
  const raw = readString(env, 'SYNC_SECRETS_KEY');
  const fix = 'Set SYNC_SECRETS_KEY to 32 random bytes in base64 (`openssl rand -base64 32`), or to `id:key,id:key` pairs to rotate.';
  if (raw === undefined) {
    if (isProduction) throw new ConfigError('SYNC_SECRETS_KEY', 'is required when NODE_ENV=production', fix);
    return { keys: [{ id: 'generated', key: randomBytes(32) }], generated: true };
  }
  const parts = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const keys = parts.map((part, index) => {
    const colon = part.indexOf(':');
    const id = colon > 0 ? part.slice(0, colon) : parts.length === 1 ? 'k1' : `k${index + 1}`;
    const encoded = colon > 0 ? part.slice(colon + 1) : part;
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(id))
      throw new ConfigError('SYNC_SECRETS_KEY', `has a key id "${id}" that is not 1-32 letters, digits, _ . -`, fix);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new ConfigError('SYNC_SECRETS_KEY', `key "${id}" is ${key.length} bytes, not 32`, fix);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError('SYNC_SECRETS_KEY', 'names a key id twice', fix);
  return { keys, generated: false };
}

function readSmtp(env: Env): { url: string; from: string } | undefined {
  const url = readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const from = readString(env, 'SMTP_FROM', 'Quorum <no-reply@localhost>')!;
  return url ? { url: url.toString(), from } : undefined;
}

function readMetricsToken(env: Env): string | undefined {
  const token = readString(env, 'METRICS_TOKEN');
  if (token !== undefined && token.length < 16) {
    throw new ConfigError(
      'METRICS_TOKEN',
      `is too short (${token.length} characters; at least 16 are needed)`,
      'Use a random string, e.g. the output of `openssl rand -hex 24`, or leave it unset for unauthenticated scrapes.',
    );
  }
  return token;
}

/** A Sentry DSN: `https://<public key>@<host>/<project id>`, as the project's settings show it. */
function readSentryDsn(env: Env): string | undefined {
  const raw = readString(env, 'SENTRY_DSN');
  if (raw === undefined) return undefined;
  const fix =
    "Copy the DSN from the Sentry project's settings (Client Keys), e.g. https://abc123@o1.ingest.sentry.io/42, or leave it unset.";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SENTRY_DSN', 'is not a valid URL', fix);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('SENTRY_DSN', `must use https: or http:, got "${url.protocol}"`, fix);
  if (!url.username) throw new ConfigError('SENTRY_DSN', 'has no public key (the part before @)', fix);
  if (!/\/[^/]+$/.test(url.pathname)) throw new ConfigError('SENTRY_DSN', 'has no project id (the last part of the path)', fix);
  return raw;
}

function parseCorsOrigins(env: Env): string[] {
  const raw = readString(env, 'CORS_ORIGINS');
  if (raw === undefined) return [];
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(
        'CORS_ORIGINS',
        `contains "${origin}", which is not an origin`,
        'List origins as scheme://host[:port], separated by commas, e.g. CORS_ORIGINS=https://app.example.com,http://localhost:5173.',
      );
    }
    if (url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError('CORS_ORIGINS', `contains "${origin}", which has a path or query`, `Use only the origin, e.g. ${url.origin}.`);
    }
  }
  if (origins.includes('*') && origins.length > 1) {
    throw new ConfigError(
      'CORS_ORIGINS',
      'mixes "*" with named origins',
      'Use either "*" (any origin, without credentials) or a list of origins.',
    );
  }
  return origins.map((origin) => origin.replace(/\/$/, ''));
}

function parseTrustProxy(env: Env): TrustProxy {
  const raw = readString(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const valid = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;
  const bad = entries.find((entry) => !valid.test(entry));
  if (bad) {
    throw new ConfigError(
      'TRUST_PROXY',
      `contains "${bad}", which is not an address, subnet or preset`,
      'Use true, false, a hop count, or addresses/CIDRs separated by commas, e.g. TRUST_PROXY=10.0.0.0/8,loopback.',
    );
  }
  return entries;
}
