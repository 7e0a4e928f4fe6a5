import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** sync_conflicts, and both sides' last-synced fields on sync_records, for field ownership and conflicts (docs/sync.md). */
export class SyncConflicts1796097355791 implements MigrationInterface {
  name = 'SyncConflicts1796097355791';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sync_conflicts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "source_id" uuid NOT NULL,
                "stream" character varying(100) NOT NULL,
                "external_id" character varying(1000) NOT NULL,
                "local_id" uuid NOT NULL,
                "entity" character varying(16) NOT NULL,
                "field" character varying(100) NOT NULL,
                "local_value" jsonb,
                "remote_value" jsonb,
                "base_value" jsonb,
                "resolution" character varying(16),
                "resolved_value" jsonb,
                "resolved_by" uuid,
                "resolved_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "ck_sync_conflicts_resolution" CHECK (
                    "resolution" IS NULL
                    OR "resolution" IN ('local', 'remote', 'merged')
                ),
                CONSTRAINT "PK_351e71cb6c48c898e6cb7fb5347" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a9621456421ee23161ddfa6a57" ON "sync_conflicts" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sync_conflicts_tenant_created" ON "sync_conflicts" ("tenant_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_sync_conflicts_open" ON "sync_conflicts" ("source_id", "stream", "external_id", "field")
            WHERE "resolved_at" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records"
            ADD "remote_fields" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records"
            ADD "local_fields" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records"
            ADD "version" character varying(500)
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records"
            ADD "push_pending" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sync_records_push_pending" ON "sync_records" ("source_id", "stream")
            WHERE push_pending
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sync_records_local" ON "sync_records" ("source_id", "stream", "local_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_conflicts"
            ADD CONSTRAINT "FK_a9621456421ee23161ddfa6a577" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_conflicts"
            ADD CONSTRAINT "FK_6019d00881d8cf02fdd2c6b58cb" FOREIGN KEY ("source_id") REFERENCES "sync_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_conflicts"
            ADD CONSTRAINT "FK_7be5a7859a3df261e2d3b8edf7f" FOREIGN KEY ("resolved_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sync_conflicts" DROP CONSTRAINT "FK_7be5a7859a3df261e2d3b8edf7f"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_conflicts" DROP CONSTRAINT "FK_6019d00881d8cf02fdd2c6b58cb"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_conflicts" DROP CONSTRAINT "FK_a9621456421ee23161ddfa6a577"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sync_records_local"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sync_records_push_pending"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records" DROP COLUMN "push_pending"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records" DROP COLUMN "version"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records" DROP COLUMN "local_fields"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_records" DROP COLUMN "remote_fields"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_sync_conflicts_open"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sync_conflicts_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a9621456421ee23161ddfa6a57"
        `);
    await queryRunner.query(`
            DROP TABLE "sync_conflicts"
        `);
  }
}
