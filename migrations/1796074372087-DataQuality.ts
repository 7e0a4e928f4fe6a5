import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * meeting_quality: each meeting's data-quality score (one row per meeting, with its components and evidence, the
 * transcript revision it was computed at) and the few facts of the meeting the insights aggregate. See docs/quality.md.
 */
export class DataQuality1796074372087 implements MigrationInterface {
  name = 'DataQuality1796074372087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "meeting_quality" (
                "meeting_id" uuid NOT NULL,
                "tenant_id" uuid NOT NULL,
                "score" smallint NOT NULL,
                "components" jsonb NOT NULL,
                "transcript_revision" integer NOT NULL,
                "computed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "title" character varying(300) NOT NULL,
                "status" character varying(16) NOT NULL,
                "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "duration_ms" integer,
                "participants" jsonb NOT NULL DEFAULT '[]',
                "decision_count" integer,
                "action_item_count" integer NOT NULL,
                CONSTRAINT "PK_efa8d78c543de8a28d2014302e1" PRIMARY KEY ("meeting_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_quality_tenant_occurred" ON "meeting_quality" ("tenant_id", "occurred_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_quality"
            ADD CONSTRAINT "FK_efa8d78c543de8a28d2014302e1" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_quality"
            ADD CONSTRAINT "FK_582afa22a07fd72e15a9c44df83" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_quality" DROP CONSTRAINT "FK_582afa22a07fd72e15a9c44df83"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_quality" DROP CONSTRAINT "FK_efa8d78c543de8a28d2014302e1"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_quality_tenant_occurred"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_quality"
        `);
  }
}
