import Redis from 'ioredis';
import type { EmbeddedPostgres } from '../../libs/platform/src';
import { dropDatabase, withClient } from './postgres';
import { TEST_DB_PREFIX, TEST_ENV } from './test-env';

/**
 * Drops this run's databases (template and any clone a crashed file left behind) and Redis keys (every file's prefix
 * starts with `test:<run id>:`; queued jobs and cache entries would otherwise pile up run after run on a shared
 * server), and stops an embedded server.
 */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const runId = process.env[TEST_ENV.runId];
  if (adminUrl && runId) {
    await withClient(adminUrl, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${TEST_DB_PREFIX}${runId}_%`,
      ]);
      for (const { datname } of rows) await dropDatabase(admin, datname);
    });
  }
  const redisUrl = process.env[TEST_ENV.redisUrl];
  if (redisUrl && runId) await dropRedisKeys(redisUrl, `test:${runId}:*`);
  await (globalThis as { __embedded?: EmbeddedPostgres }).__embedded?.stop();
}

async function dropRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>)
      if (keys.length) await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}
