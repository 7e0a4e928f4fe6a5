import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { formatResult, runDoctor } from './run-doctor';

const SECRET = 'x'.repeat(40);

async function run(env: Record<string, string>, nodeVersion = 'v20.19.0'): Promise<{ failures: number; output: string; lines: string[] }> {
  let output = '';
  const failures = await runDoctor({
    env: { JWT_SECRET: SECRET, ...env },
    loadEnvFile: false,
    nodeVersion,
    write: (text) => (output += text),
  });
  return { failures, output, lines: output.split('\n') };
}

describe('formatResult', () => {
  it('prints the fix under a failure only', () => {
    expect(formatResult({ name: 'Redis', ok: false, detail: 'down', fix: 'start it' })).toBe('✖ Redis: down\n    fix: start it\n');
    expect(formatResult({ name: 'Redis', ok: true, detail: 'fine' })).toBe('✔ Redis: fine\n');
    expect(formatResult({ name: 'Migrations', ok: true, skipped: true, detail: 'no database' })).toBe(
      '– Migrations: skipped, no database\n',
    );
  });
});

describe('runDoctor', () => {
  it('runs the checks in order and counts each failure, with its fix, without the passwords', async () => {
    const { failures, output, lines } = await run({
      DATABASE_URL: `postgres://postgres:hunter2-secret@127.0.0.1:5432/doctor_missing_${process.pid}`,
      REDIS_URL: 'redis://:hunter3-secret@127.0.0.1:1',
    });
    expect(failures).toBe(2);
    const checks = lines.filter((line) => /^[✔✖–] /.test(line)).map((line) => line.slice(0, line.indexOf(':')));
    expect(checks).toEqual(['✔ Node.js', '✔ Configuration', '✖ Database', '✖ Redis', '– Migrations']);
    expect(output).toContain(`    fix: Create it: \`createdb -h 127.0.0.1 -p 5432 -U postgres doctor_missing_${process.pid}\``);
    expect(output).toContain('    fix: Is Redis running on 127.0.0.1:1?');
    expect(output).not.toMatch(/hunter[23]-secret/);
    expect(lines).toContain('2 of 5 checks failed (1 skipped): apply each fix above, then run `npm run doctor` again.');
  });

  it('stops at a bad configuration and skips what depends on it', async () => {
    const { failures, lines } = await run({ THROTTLE_LIMIT: 'lots' }, 'v18.20.4');
    expect(failures).toBe(2);
    expect(lines).toContain('✖ Node.js: v18.20.4 is too old (requires >= 20.19.0)');
    expect(lines).toContain('✖ Configuration: THROTTLE_LIMIT must be a whole number, got "lots" (source: environment, no .env file)');
    expect(lines).toContain('– Database: skipped, needs a valid configuration first');
    expect(lines).toContain('2 of 5 checks failed (3 skipped): apply each fix above, then run `npm run doctor` again.');
  });

  describe('against a migrated scratch database and the local Redis', () => {
    const name = `doctor_run_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = `postgres://postgres@127.0.0.1:5432/${name}`;
    const admin = () => new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });

    beforeAll(async () => {
      const client = admin();
      await client.connect();
      await client.query(`CREATE DATABASE "${name}"`).finally(() => client.end());
      const config = AppConfig.fromEnv({ DATABASE_URL: url });
      const dataSource = new DataSource({
        ...buildDataSourceOptions(config, url, 'quorum-doctor-spec'),
        entities: [],
        logging: false,
      } as DataSourceOptions);
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' }).finally(() => dataSource.destroy());
    });

    afterAll(async () => {
      const client = admin();
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => client.end());
    });

    it('passes every check and reports zero failures', async () => {
      const { failures, lines } = await run({ DATABASE_URL: url, REDIS_URL: 'redis://127.0.0.1:6379' });
      expect(lines.filter((line) => /^[✖–] /.test(line))).toEqual([]);
      expect(lines.filter((line) => line.startsWith('✔ '))).toHaveLength(5);
      expect(lines).toContain('0 of 5 checks failed: ready to start.');
      expect(failures).toBe(0);
    });
  });
});
