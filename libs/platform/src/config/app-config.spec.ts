import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

function configError(env: Record<string, string>): ConfigError {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig.fromEnv', () => {
  it('has working defaults with no environment at all', () => {
    const config = AppConfig.fromEnv({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      dbMigrationsRun: true,
      throttleLimit: 100,
      throttleTtlMs: 60000,
      bodyLimitBytes: 1024 * 1024,
      corsOrigins: [],
      trustProxy: false,
      jwtSecretGenerated: true,
      passwordHashCost: 15,
    });
    expect(AppConfig.fromEnv({ NODE_ENV: 'test', PASSWORD_HASH_COST: '10' }).passwordHashCost).toBe(10);
    expect(config.ragDebounce).toEqual({ indexMs: 10_000, embeddingMs: 5_000 });
    expect(AppConfig.fromEnv({ RAG_INDEX_DEBOUNCE_MS: '1000', RAG_EMBEDDING_DEBOUNCE_MS: '250' }).ragDebounce).toEqual({
      indexMs: 1000,
      embeddingMs: 250,
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('turns migrations at boot off by default in production', () => {
    const config = AppConfig.fromEnv({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      SYNC_SECRETS_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(config.dbMigrationsRun).toBe(false);
    expect(config.isProduction).toBe(true);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
    [{ PORT: '3.5' }, 'PORT', /whole number/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /one of development, production, test/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', /postgres: or postgresql:/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /not a valid URL/],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL', /redis:/],
    [{ DB_MIGRATIONS_RUN: 'maybe' }, 'DB_MIGRATIONS_RUN', /true or false/],
    [{ BODY_LIMIT: 'lots' }, 'BODY_LIMIT', /size such as/],
    [{ CORS_ORIGINS: 'https://a.example.com/path' }, 'CORS_ORIGINS', /path or query/],
    [{ CORS_ORIGINS: '*,https://a.example.com' }, 'CORS_ORIGINS', /mixes/],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY', /not an address/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET', /too short/],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET', /required when NODE_ENV=production/],
    [{ PASSWORD_HASH_COST: '12' }, 'PASSWORD_HASH_COST', /between 15 and 17/],
    [{ NODE_ENV: 'test', PASSWORD_HASH_COST: '9' }, 'PASSWORD_HASH_COST', /between 10 and 17/],
    [{ PASSWORD_HASH_COST: '18' }, 'PASSWORD_HASH_COST', /between 15 and 17/],
    [{ RAG_INDEX_DEBOUNCE_MS: '0' }, 'RAG_INDEX_DEBOUNCE_MS', /between 100 and 3600000/],
    [{ RAG_EMBEDDING_DEBOUNCE_MS: 'soon' }, 'RAG_EMBEDDING_DEBOUNCE_MS', /whole number/],
  ])('rejects %j naming %s', (env, variable, problem) => {
    const error = configError(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(problem);
    expect(error.message).toMatch(/^Invalid configuration: \S+ /);
    expect(error.message).not.toContain('\n');
  });

  it('parses sizes, origin lists and proxy settings', () => {
    const config = AppConfig.fromEnv({
      BODY_LIMIT: '512kb',
      CORS_ORIGINS: 'https://a.example.com, http://localhost:5173/',
      TRUST_PROXY: '10.0.0.0/8,loopback',
    });
    expect(config.bodyLimitBytes).toBe(512 * 1024);
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(AppConfig.fromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(AppConfig.fromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('serves metrics on the main port without a token unless METRICS_PORT and METRICS_TOKEN say otherwise', () => {
    expect(AppConfig.fromEnv({})).toMatchObject({ metricsPort: undefined, metricsToken: undefined });
    expect(AppConfig.fromEnv({ METRICS_PORT: '9464', METRICS_TOKEN: 't'.repeat(16) })).toMatchObject({
      metricsPort: 9464,
      metricsToken: 't'.repeat(16),
    });
    expect(configError({ METRICS_PORT: 'ninety' }).message).toMatch(/METRICS_PORT must be a whole number/);
    expect(configError({ METRICS_TOKEN: 'short' }).message).toMatch(/METRICS_TOKEN is too short/);
  });

  it('reports errors to Sentry only with SENTRY_DSN, filed under NODE_ENV and quorum@<version> unless told otherwise', () => {
    expect(AppConfig.fromEnv({ NODE_ENV: 'test', APP_VERSION: '1.4.0' })).toMatchObject({
      sentryDsn: undefined,
      sentryEnvironment: 'test',
      sentryRelease: 'quorum@1.4.0',
    });
    const dsn = 'https://abc123@o1.ingest.sentry.io/42';
    expect(AppConfig.fromEnv({ SENTRY_DSN: dsn, SENTRY_ENVIRONMENT: 'staging', SENTRY_RELEASE: 'quorum@abc1234' })).toMatchObject({
      sentryDsn: dsn,
      sentryEnvironment: 'staging',
      sentryRelease: 'quorum@abc1234',
    });
    expect(configError({ SENTRY_DSN: 'not a url' }).message).toMatch(/SENTRY_DSN is not a valid URL/);
    expect(configError({ SENTRY_DSN: 'ftp://abc@sentry.io/42' }).message).toMatch(/SENTRY_DSN must use https: or http:/);
    expect(configError({ SENTRY_DSN: 'https://o1.ingest.sentry.io/42' }).message).toMatch(/SENTRY_DSN has no public key/);
    expect(configError({ SENTRY_DSN: 'https://abc@o1.ingest.sentry.io/' }).message).toMatch(/SENTRY_DSN has no project id/);
  });
});
