import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from './data-source-options';

/** Which of the code's migrations the database has not run yet. */
@Injectable()
export class MigrationStatus {
  /** Once the schema has caught up with this build it cannot fall behind it again, short of a manual revert. */
  private upToDate = false;

  constructor(private readonly dataSource: DataSource) {}

  async pending(): Promise<string[]> {
    if (this.upToDate) return [];
    const known = this.dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
    const exists = await this.dataSource.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [MIGRATIONS_TABLE]);
    const executed = exists[0]?.present
      ? new Set((await this.dataSource.query<{ name: string }[]>(`SELECT name FROM ${MIGRATIONS_TABLE}`)).map((row) => row.name))
      : new Set<string>();
    const pending = known.filter((name) => !executed.has(name));
    this.upToDate = pending.length === 0;
    return pending;
  }
}
