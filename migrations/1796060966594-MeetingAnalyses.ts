import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** meeting_analyses: the latest final and rolling analysis of each meeting (libs/ai/src/analysis); tenants.auto_analyse_meetings. */
export class MeetingAnalyses1796060966594 implements MigrationInterface {
  name = 'MeetingAnalyses1796060966594';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "meeting_analyses" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "meeting_id" uuid NOT NULL,
                "kind" character varying(16) NOT NULL,
                "transcript_revision" integer NOT NULL,
                "segment_count" integer NOT NULL,
                "provider" character varying(32) NOT NULL,
                "model" character varying(128) NOT NULL,
                "parts" jsonb NOT NULL,
                "tokens_in" integer NOT NULL DEFAULT '0',
                "tokens_out" integer NOT NULL DEFAULT '0',
                "cost_usd" numeric(14, 8) NOT NULL DEFAULT '0',
                "duration_ms" integer NOT NULL,
                "result" jsonb NOT NULL,
                "job_id" character varying(64),
                CONSTRAINT "uq_meeting_analyses_meeting_kind" UNIQUE ("meeting_id", "kind"),
                CONSTRAINT "ck_meeting_analyses_kind" CHECK ("kind" IN ('final', 'rolling')),
                CONSTRAINT "PK_478f3c1014800f1b908e77ffecd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_96842e3be1d4feab8a0e921b73" ON "meeting_analyses" ("tenant_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "tenants"
            ADD "auto_analyse_meetings" boolean NOT NULL DEFAULT true
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_analyses"
            ADD CONSTRAINT "FK_96842e3be1d4feab8a0e921b73e" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_analyses"
            ADD CONSTRAINT "FK_0b567d3d7d9918dc75779bfbad9" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_analyses" DROP CONSTRAINT "FK_0b567d3d7d9918dc75779bfbad9"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_analyses" DROP CONSTRAINT "FK_96842e3be1d4feab8a0e921b73e"
        `);
    await queryRunner.query(`
            ALTER TABLE "tenants" DROP COLUMN "auto_analyse_meetings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_96842e3be1d4feab8a0e921b73"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_analyses"
        `);
  }
}
