import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * citext gives case-insensitive emails and slugs without lower() on every
 * query. It is a trusted extension (PostgreSQL 13+), so a database owner
 * without superuser rights may create it.
 */
export class EnableExtensions1764201600000 implements MigrationInterface {
  name = 'EnableExtensions1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS citext');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS citext');
  }
}
