import { join } from 'node:path';
import { type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../config';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { QUERY_TYPES } from './timestamptz-parser';

/** The repository root, whether we run from sources (ts) or from dist/ (js). */
const ROOT = join(__dirname, '..', '..', '..', '..');

export const MIGRATIONS_TABLE = 'migrations';

/**
 * The one place that says how we talk to PostgreSQL. `ormconfig.ts` (the
 * TypeORM CLI) and the Nest app both build their DataSource from it, so the
 * CLI can never migrate a different schema than the app expects.
 */
export function buildDataSourceOptions(config: AppConfig, url: string, appName = 'quorum'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(ROOT, 'libs', '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(ROOT, 'migrations', '*.{ts,js}')],
    migrationsTableName: MIGRATIONS_TABLE,
    // Each migration in its own transaction, so a failure leaves the schema at the last good step.
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto',
    // Extensions are schema, so the migrations create them; the app never needs CREATE privileges.
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: appName,
    extra: {
      max: config.dbPoolMax,
      statement_timeout: config.dbStatementTimeoutMs || undefined,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      types: QUERY_TYPES,
    },
    logging: ['error', 'migration'],
  };
}
