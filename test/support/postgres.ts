import { Client } from 'pg';

/**
 * PostgreSQL plumbing shared by the end-to-end harness and the benchmarks (bench/lib): only `pg`,
 * so Jest's global setup and teardown can load it before any path alias is registered.
 */

/** `url` pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on a connection of its own, closed whatever happens. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name`, empty or as a copy of `template`. */
export async function createDatabase(admin: Client, name: string, template?: string): Promise<void> {
  const from = template === undefined ? '' : ` TEMPLATE ${admin.escapeIdentifier(template)}`;
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}${from}`);
}

/** Drops database `name` if it exists, closing the connections still open on it. */
export async function dropDatabase(admin: Client, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
}
