import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** webhooks and webhook_deliveries: endpoints admins register for events, and every delivery attempt (libs/business-rules/src/webhooks). */
export class Webhooks1796075200024 implements MigrationInterface {
  name = 'Webhooks1796075200024';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "webhook_id" uuid NOT NULL,
                "message_id" character varying(100) NOT NULL,
                "event_type" character varying(100) NOT NULL,
                "attempt" integer NOT NULL,
                "outcome" character varying(16) NOT NULL,
                "status_code" smallint,
                "duration_ms" integer NOT NULL,
                "error" character varying(500),
                CONSTRAINT "ck_webhook_deliveries_outcome" CHECK ("outcome" IN ('succeeded', 'retrying', 'failed')),
                CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_dd2bc3de0e4a0329a4ef30600b" ON "webhook_deliveries" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_webhook_created" ON "webhook_deliveries" ("tenant_id", "webhook_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhooks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "url" character varying(2048) NOT NULL,
                "event_types" character varying(100) array NOT NULL,
                "description" character varying(200),
                "secret" character varying(100) NOT NULL,
                "created_by" uuid,
                CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4d6fcde4ac5ca1d5823f51aa18" ON "webhooks" ("tenant_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_dd2bc3de0e4a0329a4ef30600b4" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhooks"
            ADD CONSTRAINT "FK_4d6fcde4ac5ca1d5823f51aa186" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhooks"
            ADD CONSTRAINT "FK_eb68180d7bcb926c84b0cafb447" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhooks" DROP CONSTRAINT "FK_eb68180d7bcb926c84b0cafb447"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhooks" DROP CONSTRAINT "FK_4d6fcde4ac5ca1d5823f51aa186"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_dd2bc3de0e4a0329a4ef30600b4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4d6fcde4ac5ca1d5823f51aa18"
        `);
    await queryRunner.query(`
            DROP TABLE "webhooks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_webhook_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dd2bc3de0e4a0329a4ef30600b"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
  }
}
