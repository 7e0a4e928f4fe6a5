import { runMigrations } from 'bullmq';
import type { PoolClient } from 'pg';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The tables and functions of BullMQ's PostgreSQL backend, in their own schema
 * `bullmq`, where background jobs live when REDIS_URL is unset. BullMQ owns
 * that SQL and versions it in its own ledger (`bullmq.migration`), so this step
 * runs BullMQ's migrator instead of a copy of its files; the app then starts
 * the backend with its migrations off, so the schema changes only here. When
 * an upgrade of bullmq brings new schema versions, a new step calling the same
 * migrator goes at the end of the chain (test/jobs.e2e-spec.ts fails until it
 * does). See docs/jobs.md.
 *
 * Outside a TypeORM transaction: BullMQ's migrator opens its own, under its own
 * advisory lock, on the connection it is given.
 */
export class JobQueueSchema1796052924974 implements MigrationInterface {
  name = 'JobQueueSchema1796052924974';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    const client = (await queryRunner.connect()) as PoolClient;
    await runMigrations(client, 'bullmq');
  }

  /** Drops every queued, running and finished job with the schema. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "bullmq" CASCADE');
  }
}
