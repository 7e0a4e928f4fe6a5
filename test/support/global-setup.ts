import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { register as registerTsconfigPaths } from 'tsconfig-paths';
import { EmbeddedPostgres, postgresAnswers } from '../../libs/platform/src';
import { migrate } from './migrate';
import { createDatabase, withClient, withDatabase } from './postgres';
import { DEFAULT_TEST_DATABASE_URL, DEFAULT_TEST_REDIS_URL, TEST_DB_PREFIX, TEST_ENV } from './test-env';

/**
 * Prepares the real servers once per run: a migrated template database that
 * each test file clones (so files run in parallel on their own data), and a
 * Redis check. With no PostgreSQL at TEST_DATABASE_URL, an embedded one is
 * started so `npm test` also works on a machine without a database.
 */
export default async function globalSetup(): Promise<void> {
  // Global setup runs outside Jest's module registry (no moduleNameMapper); entity files import @quorum/*.
  registerTsconfigPaths();
  const runId = randomBytes(4).toString('hex');
  process.env[TEST_ENV.runId] = runId;

  let adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  if (!(await postgresAnswers(adminUrl))) {
    if (process.env.CI === 'true' && process.env.TEST_DATABASE_URL)
      throw new Error(`CI: no PostgreSQL answers at TEST_DATABASE_URL=${process.env.TEST_DATABASE_URL}`);
    const dataDir = resolve('.data/test-postgres');
    process.stdout.write(`\nNo PostgreSQL at ${adminUrl}; starting the embedded one in ${dataDir}\n`);
    const embedded = new EmbeddedPostgres({ dataDir, port: 54330, database: 'postgres' });
    adminUrl = await embedded.start();
    (globalThis as { __embedded?: EmbeddedPostgres }).__embedded = embedded;
  }
  process.env[TEST_ENV.adminUrl] = adminUrl;

  const template = `${TEST_DB_PREFIX}${runId}_template`;
  await withClient(adminUrl, (admin) => createDatabase(admin, template));
  await migrate(withDatabase(adminUrl, template), 'quorum-test-setup');
  process.env[TEST_ENV.template] = template;

  const redisUrl = process.env.TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
  if (await redisAnswers(redisUrl)) {
    process.env[TEST_ENV.redisUrl] = redisUrl;
  } else {
    if (process.env.CI === 'true') throw new Error(`CI: no Redis answers at ${redisUrl}; Redis tests must not be skipped in CI`);
    process.env[TEST_ENV.redisUrl] = '';
    process.stdout.write(`\nNo Redis at ${redisUrl}: tests that need Redis will be SKIPPED (set TEST_REDIS_URL or start redis-server)\n`);
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
