import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Data sync (libs/data-sync): sync_sources (connector kind, settings, credentials sealed with SYNC_SECRETS_KEY,
 * streams, schedule), sync_runs (per-stream counts and log lines; a partial unique index allows one running run per
 * source), sync_stream_states (each stream's cursor) and sync_records ((source, stream, external id) → the local
 * entity and the hash of what was written).
 */
export class DataSync1796089576057 implements MigrationInterface {
  name = 'DataSync1796089576057';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sync_records" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "source_id" uuid NOT NULL,
                "stream" character varying(100) NOT NULL,
                "external_id" character varying(1000) NOT NULL,
                "local_id" uuid,
                "content_hash" character varying(64) NOT NULL,
                "occurs_at" TIMESTAMP(3) WITH TIME ZONE,
                "deleted" boolean NOT NULL DEFAULT false,
                CONSTRAINT "uq_sync_records_key" UNIQUE ("source_id", "stream", "external_id"),
                CONSTRAINT "PK_57204e18793ddafb1a18a4915fd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_dac695b233ee0f73c26389548a" ON "sync_records" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sync_records_occurs" ON "sync_records" ("source_id", "stream", "occurs_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "sync_runs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "source_id" uuid NOT NULL,
                "trigger" character varying(16) NOT NULL,
                "status" character varying(16) NOT NULL,
                "reason" character varying(1000),
                "streams" jsonb NOT NULL DEFAULT '{}',
                "log" jsonb NOT NULL DEFAULT '[]',
                "job_id" character varying(100),
                "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "finished_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "ck_sync_runs_status" CHECK (
                    "status" IN ('running', 'succeeded', 'failed', 'skipped')
                ),
                CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a754b1b996595f3351294ac2c6" ON "sync_runs" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sync_runs_source_started" ON "sync_runs" ("tenant_id", "source_id", "started_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_sync_runs_one_running" ON "sync_runs" ("source_id")
            WHERE "status" = 'running'
        `);
    await queryRunner.query(`
            CREATE TABLE "sync_sources" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" character varying(200) NOT NULL,
                "kind" character varying(32) NOT NULL,
                "settings" jsonb NOT NULL,
                "credentials" text,
                "streams" jsonb NOT NULL,
                "schedule_every_minutes" integer,
                "enabled" boolean NOT NULL DEFAULT true,
                "created_by" uuid,
                CONSTRAINT "PK_7b42e437adc69d1bd55fb99ca6f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4efdef3263930021b0058c7279" ON "sync_sources" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "sync_stream_states" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "source_id" uuid NOT NULL,
                "stream" character varying(100) NOT NULL,
                "state" jsonb NOT NULL,
                CONSTRAINT "uq_sync_stream_states_source_stream" UNIQUE ("source_id", "stream"),
                CONSTRAINT "PK_5dfeada00324ea5445898f74abc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cdce9f38ffb796d2f437edf7ff" ON "sync_stream_states" ("tenant_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records"
            ADD CONSTRAINT "FK_dac695b233ee0f73c26389548a4" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records"
            ADD CONSTRAINT "FK_a1a2af84f1718707451af36cce2" FOREIGN KEY ("source_id") REFERENCES "sync_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_runs"
            ADD CONSTRAINT "FK_a754b1b996595f3351294ac2c61" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_runs"
            ADD CONSTRAINT "FK_31f21cf18e84df0ba10fa7fd5a9" FOREIGN KEY ("source_id") REFERENCES "sync_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_sources"
            ADD CONSTRAINT "FK_4efdef3263930021b0058c72792" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_sources"
            ADD CONSTRAINT "FK_aa72755198b38f2fe90027fa496" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_stream_states"
            ADD CONSTRAINT "FK_cdce9f38ffb796d2f437edf7ff2" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_stream_states"
            ADD CONSTRAINT "FK_f6c34862fd09fdaa26270bab78b" FOREIGN KEY ("source_id") REFERENCES "sync_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sync_stream_states" DROP CONSTRAINT "FK_f6c34862fd09fdaa26270bab78b"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_stream_states" DROP CONSTRAINT "FK_cdce9f38ffb796d2f437edf7ff2"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_sources" DROP CONSTRAINT "FK_aa72755198b38f2fe90027fa496"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_sources" DROP CONSTRAINT "FK_4efdef3263930021b0058c72792"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_runs" DROP CONSTRAINT "FK_31f21cf18e84df0ba10fa7fd5a9"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_runs" DROP CONSTRAINT "FK_a754b1b996595f3351294ac2c61"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records" DROP CONSTRAINT "FK_a1a2af84f1718707451af36cce2"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records" DROP CONSTRAINT "FK_dac695b233ee0f73c26389548a4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cdce9f38ffb796d2f437edf7ff"
        `);
    await queryRunner.query(`
            DROP TABLE "sync_stream_states"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4efdef3263930021b0058c7279"
        `);
    await queryRunner.query(`
            DROP TABLE "sync_sources"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_sync_runs_one_running"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sync_runs_source_started"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a754b1b996595f3351294ac2c6"
        `);
    await queryRunner.query(`
            DROP TABLE "sync_runs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sync_records_occurs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dac695b233ee0f73c26389548a"
        `);
    await queryRunner.query(`
            DROP TABLE "sync_records"
        `);
  }
}
