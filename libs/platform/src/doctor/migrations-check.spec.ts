import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { checkMigrations } from './migrations-check';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('checkMigrations against a scratch database', () => {
  const name = `doctor_spec_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const config = AppConfig.fromEnv({ DATABASE_URL: url, DB_MIGRATIONS_RUN: 'false' });
  let dataSource: DataSource;

  beforeAll(async () => {
    await admin((client) => client.query(`CREATE DATABASE "${name}"`));
    dataSource = new DataSource({
      ...buildDataSourceOptions(config, url, 'quorum-doctor-spec'),
      entities: [],
      logging: false,
    } as DataSourceOptions);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it('lists every migration as pending while the migrations table does not exist', async () => {
    const known = dataSource.migrations.map((migration) => migration.name!);
    expect(known.length).toBeGreaterThan(0);
    const result = await checkMigrations(config, url);
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`${known.length} of ${known.length} migration(s) pending: ${known.join(', ')}`);
    expect(result.fix).toBe('Run `npm run migration:run`, or start the app once with DB_MIGRATIONS_RUN=true.');
  });

  it('passes a custom ENV_FILE on to the migration CLI', async () => {
    const previous = process.env.ENV_FILE;
    process.env.ENV_FILE = '/srv/quorum/prod.env';
    try {
      const result = await checkMigrations(config, url, '/srv/quorum/prod.env');
      expect(result.fix).toContain('`ENV_FILE=/srv/quorum/prod.env npm run migration:run`');
    } finally {
      if (previous === undefined) delete process.env.ENV_FILE;
      else process.env.ENV_FILE = previous;
    }
  });

  it('passes once they have run, and notes migrations only a newer build knows', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const applied = await checkMigrations(config, url);
    expect(applied).toEqual({ name: 'Migrations', ok: true, detail: `all ${dataSource.migrations.length} migration(s) applied` });

    await dataSource.query('INSERT INTO migrations (timestamp, name) VALUES ($1, $2)', [Date.now(), 'FromTheFuture9999999999999']);
    const newer = await checkMigrations(config, url);
    expect(newer.ok).toBe(true);
    expect(newer.detail).toContain('1 migration(s) this build does not know (FromTheFuture9999999999999)');
  });

  it('names the one migration that has not run', async () => {
    const last = dataSource.migrations[dataSource.migrations.length - 1].name!;
    await dataSource.query('DELETE FROM migrations WHERE name = $1', [last]);
    const result = await checkMigrations(config, url);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(new RegExp(`^1 of \\d+ migration\\(s\\) pending: ${last}`));
  });
});
