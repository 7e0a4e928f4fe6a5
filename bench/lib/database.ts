import { randomBytes } from 'node:crypto';
import { AppConfig, buildDataSourceOptions } from '@quorum/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Cleanup } from './cleanup';

/** Admin connection of the PostgreSQL the benchmarks create their databases on. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Every database a benchmark creates starts with this, so it can never drop a real one. */
export const BENCH_DB_PREFIX = 'quorum_bench_';

export interface BenchDatabase {
  name: string;
  url: string;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database migrated through the same chain and DataSource options as
 * the app (the way the test global setup builds its template), registered for
 * dropping before the first migration runs, so a failed migration is cleaned up too.
 */
export async function createBenchDatabase(label: string, cleanup: Cleanup): Promise<BenchDatabase> {
  const name = `${BENCH_DB_PREFIX}${label}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  cleanup.add(`drop database ${name}`, () =>
    admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  );
  const url = withDatabase(ADMIN_URL, name);
  const dataSource = new DataSource(buildDataSourceOptions(AppConfig.fromEnv({ NODE_ENV: 'test' }), url, 'quorum-bench-setup'));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return { name, url };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
