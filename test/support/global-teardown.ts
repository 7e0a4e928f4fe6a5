import type { EmbeddedPostgres } from '../../libs/platform/src';
import { dropDatabase, withClient } from './postgres';
import { TEST_DB_PREFIX, TEST_ENV } from './test-env';

/** Drops this run's databases (template and any clone a crashed file left behind) and stops an embedded server. */
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
  await (globalThis as { __embedded?: EmbeddedPostgres }).__embedded?.stop();
}
