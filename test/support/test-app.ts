import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@quorum/platform';
import { createApp } from '../../apps/api/src/create-app';
import { createTestDatabase, type TestDatabase, testRedisPrefix, testRedisUrl } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  /** The Node HTTP server, already listening on a loopback port, for supertest and socket clients. */
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Connect to the real Redis (with a private key prefix). */
  redis?: boolean;
  /** Extra environment, as an operator would set it. */
  env?: Record<string, string>;
  /** The test's own modules (a queue and its processor), added to the api. */
  imports?: DynamicModule['imports'];
}

/** The configuration of a test app on `databaseUrl`: as an operator would set it, with the test suites' shortcuts. */
function testConfig(databaseUrl: string, env: Record<string, string>): AppConfig {
  return AppConfig.fromEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DB_MIGRATIONS_RUN: 'false',
    // 2^10 instead of 2^15: the suites register and log in thousands of times, each a scrypt hash (~5 ms instead of
    // ~150 ms on a CI core). The hasher's own spec, and every process the tests spawn, use the production cost.
    PASSWORD_HASH_COST: '10',
    // A meeting indexed (and its passages embedded) a second after it changes rather than 10 and 5 s: the suites wait for it.
    RAG_INDEX_DEBOUNCE_MS: '1000',
    RAG_EMBEDDING_DEBOUNCE_MS: '1000',
    // The pool the Kubernetes manifests give each process (deploy/k8s/README.md), not the default 10: two Jest workers,
    // each with an app or two and sometimes a spawned api or worker, share the server's 100 (jobs on PostgreSQL add
    // about 15 a process: one LISTEN connection per queue and a few more).
    DB_POOL_MAX: '5',
    ...env,
  });
}

/** Boots the real api (createApp, as main.ts does) on a private database cloned from the migrated template. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const redisUrl = options.redis ? testRedisUrl() : undefined;
  if (options.redis && !redisUrl) throw new Error('startTestApp({ redis: true }) needs Redis; guard the test with describeWithRedis');
  const config = testConfig(database.url, {
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: testRedisPrefix() } : {}),
    ...options.env,
  });
  const app = await createApp({ config, databaseUrl: database.url, imports: options.imports });
  // Listening once, on loopback: supertest then sends every request to this address instead of
  // opening and closing a listening socket per request (about a seventh of a request-heavy suite's CPU).
  await app.listen(0, '127.0.0.1');
  return {
    app,
    server: app.getHttpServer(),
    config,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * A second api on `t`'s database (and Redis prefix), with `t`'s JWT secret so its tokens hold: another instance, or the
 * same deployment restarted with other settings. Listening on loopback; the caller closes it (`t.close()` drops the database).
 */
export async function startSiblingApp(t: TestApp, env: Record<string, string> = {}): Promise<NestExpressApplication> {
  const config = testConfig(t.database.url, {
    JWT_SECRET: t.config.jwtSecret,
    ...(t.config.redisUrl ? { REDIS_URL: t.config.redisUrl, REDIS_KEY_PREFIX: t.config.redisKeyPrefix } : {}),
    ...env,
  });
  const app = await createApp({ config, databaseUrl: t.database.url });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** `describe` for suites that need Redis: skipped with a visible reason when none answers (never in CI, where setup fails instead). */
export const describeWithRedis: jest.Describe = ((name: string, fn: () => void) => {
  if (testRedisUrl()) return describe(name, fn);
  return describe.skip(`${name} [SKIPPED: no Redis at TEST_REDIS_URL]`, fn);
}) as jest.Describe;
