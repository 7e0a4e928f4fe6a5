import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';

/** Any fixed number shared by all Quorum processes; it serialises migration runs across instances. */
const MIGRATION_LOCK_KEY = 72_657_301;

/**
 * Applies pending migrations at boot when DB_MIGRATIONS_RUN is on. An advisory
 * lock keeps several instances starting together from racing each other. A
 * failed migration stops the boot: serving on a half-migrated schema is worse
 * than not serving (readiness would stay 503 anyway).
 */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.dbMigrationsRun) await runMigrationsLocked(this.dataSource, this.logger);
  }
}

export async function runMigrationsLocked(dataSource: DataSource, logger: Pick<Logger, 'log'>): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length) logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
