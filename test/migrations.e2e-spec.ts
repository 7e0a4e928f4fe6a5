import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, buildDataSourceOptions } from '@quorum/platform';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase, withClient, withDatabase } from './support/postgres';
import { TEST_DB_PREFIX, TEST_ENV } from './support/test-env';

const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

describe('migrations', () => {
  const files = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.ts'));

  it('form one linear chain: unique, ordered timestamps matching their class names', async () => {
    expect(files.length).toBeGreaterThan(0);
    const timestamps = files.map((file) => {
      const match = /^(\d{13})-([A-Za-z0-9]+)\.ts$/.exec(file);
      if (!match) throw new Error(`${file} is not named <13-digit timestamp>-<Name>.ts`);
      return Number(match[1]);
    });
    expect(new Set(timestamps).size).toBe(timestamps.length);
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
    for (const file of files) {
      const [timestamp, name] = file.replace(/\.ts$/, '').split('-');
      const exported = Object.values((await import(join(MIGRATIONS_DIR, file))) as Record<string, { name: string }>);
      expect(exported.map((cls) => cls.name)).toEqual([`${name}${timestamp}`]);
    }
  });

  describe('on an empty database', () => {
    const adminUrl = () => process.env[TEST_ENV.adminUrl]!;
    const database = `${TEST_DB_PREFIX}${process.env[TEST_ENV.runId]}_empty_${process.pid}`;
    let dataSource: DataSource;

    beforeAll(async () => {
      await withClient(adminUrl(), (admin) => createDatabase(admin, database));
      dataSource = new DataSource(
        buildDataSourceOptions(AppConfig.fromEnv({ NODE_ENV: 'test' }), withDatabase(adminUrl(), database), 'quorum-test'),
      );
      await dataSource.initialize();
    });

    afterAll(async () => {
      await dataSource.destroy();
      await withClient(adminUrl(), (admin) => dropDatabase(admin, database));
    });

    it('runs the full chain up', async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(files.length);
      expect(await dataSource.showMigrations()).toBe(false);
    });

    it('leaves no difference between the entities and the migrated schema', async () => {
      const diff = await dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((query) => query.query)).toEqual([]);
    });

    it('reverts every migration and runs them all again', async () => {
      for (let i = 0; i < files.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await dataSource.query('SELECT count(*)::int AS n FROM migrations')).toEqual([{ n: 0 }]);
      const reapplied = await dataSource.runMigrations({ transaction: 'each' });
      expect(reapplied).toHaveLength(files.length);
      const diff = await dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries).toEqual([]);
    });
  });
});
