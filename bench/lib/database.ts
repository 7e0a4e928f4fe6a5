import { randomBytes } from 'node:crypto';
import { migrate } from '../../test/support/migrate';
import { createDatabase, dropDatabase, withClient, withDatabase } from '../../test/support/postgres';
import type { Cleanup } from './cleanup';

/** Admin connection of the PostgreSQL the benchmarks create their databases on. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Every database a benchmark creates starts with this, so it can never drop a real one. */
export const BENCH_DB_PREFIX = 'quorum_bench_';

export interface BenchDatabase {
  name: string;
  url: string;
}

/**
 * A fresh database migrated through the same chain and DataSource options as
 * the app (the way the test global setup builds its template), registered for
 * dropping before the first migration runs, so a failed migration is cleaned up too.
 */
export async function createBenchDatabase(label: string, cleanup: Cleanup): Promise<BenchDatabase> {
  const name = `${BENCH_DB_PREFIX}${label}_${randomBytes(4).toString('hex')}`;
  await withClient(ADMIN_URL, (admin) => createDatabase(admin, name));
  cleanup.add(`drop database ${name}`, () => withClient(ADMIN_URL, (admin) => dropDatabase(admin, name)));
  const url = withDatabase(ADMIN_URL, name);
  await migrate(url, 'quorum-bench-setup');
  return { name, url };
}
