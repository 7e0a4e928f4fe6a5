import { DataSource, type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../config/app-config';
import { buildDataSourceOptions, MIGRATIONS_TABLE } from '../database/data-source-options';
import { type CheckResult, errorField, errorMessage, fail, pass } from './check';
import { explainDatabaseError, parseDatabaseUrl } from './database-check';
import { shellQuote } from './redact';

const NAME = 'Migrations';

export interface MigrationState {
  known: string[];
  pending: string[];
  /** Recorded in the database but absent from this build: a newer build migrated it. */
  unknown: string[];
}

export async function readMigrationState(dataSource: DataSource): Promise<MigrationState> {
  const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  // A fresh database has no migrations table until the first run creates it.
  const [{ present }] = await dataSource.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [MIGRATIONS_TABLE]);
  const executed = present
    ? (await dataSource.query<{ name: string }[]>(`SELECT name FROM "${MIGRATIONS_TABLE}"`)).map((row) => row.name)
    : [];
  const done = new Set(executed);
  const knownSet = new Set(known);
  return { known, pending: known.filter((name) => !done.has(name)), unknown: executed.filter((name) => !knownSet.has(name)) };
}

/** `envFile`: the file the doctor loaded, if any; the migration CLI does not load it, so the fix has to say so. */
export async function checkMigrations(config: AppConfig, url: string, envFile?: string): Promise<CheckResult> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions(config, url, 'quorum-doctor'),
    // Only the migrations matter here; loading entities would turn a broken entity file into a misleading migrations failure.
    entities: [],
    // TypeORM's logger writes to the console; the report is the only output.
    logging: false,
  } as DataSourceOptions);
  try {
    try {
      await dataSource.initialize();
    } catch (error) {
      if (errorField(error, 'code')) return fail(NAME, explainDatabaseError(error, parseDatabaseUrl(url)));
      return fail(NAME, {
        problem: `could not load the migrations: ${errorMessage(error)}`,
        fix: 'Fix the file named above in migrations/; the app cannot run migrations until it loads.',
      });
    }
    const { known, pending, unknown } = await readMigrationState(dataSource);
    const newer = unknown.length
      ? `; the database also has ${unknown.length} migration(s) this build does not know (${unknown.join(', ')}), so a newer build migrated it`
      : '';
    if (pending.length === 0) return pass(NAME, `all ${known.length} migration(s) applied${newer}`);
    // ormconfig.ts reads .env itself; a file named by ENV_FILE has to be named again for the CLI.
    const run = envFile && process.env.ENV_FILE ? `\`ENV_FILE=${shellQuote(envFile)} npm run migration:run\`` : '`npm run migration:run`';
    return fail(NAME, {
      problem: `${pending.length} of ${known.length} migration(s) pending: ${pending.join(', ')}${newer}`,
      fix: config.dbMigrationsRun
        ? `Run ${run}; the app would also apply them at start, since DB_MIGRATIONS_RUN is on.`
        : `Run ${run}, or start the app once with DB_MIGRATIONS_RUN=true.`,
    });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  }
}
