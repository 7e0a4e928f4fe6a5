import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * insights: each tenant's findings of the latest insights run, one per (kind, subject), with their evidence; and
 * insight_action_items: action items as their events described them, with the history of their due dates, which
 * the action-items module does not keep. See docs/quality.md.
 */
export class Insights1796075101434 implements MigrationInterface {
  name = 'Insights1796075101434';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "insights" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "kind" character varying(32) NOT NULL,
                "subject" character varying(300) NOT NULL,
                "title" character varying(500) NOT NULL,
                "severity" character varying(16) NOT NULL,
                "evidence" jsonb NOT NULL,
                "computed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_insights_severity" CHECK ("severity" IN ('info', 'warning')),
                CONSTRAINT "ck_insights_kind" CHECK (
                    "kind" IN (
                        'overdue-assignee',
                        'meeting-without-outcomes',
                        'meeting-load',
                        'moving-due-date'
                    )
                ),
                CONSTRAINT "PK_8616ab29fa49b7942541b8c964a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_10865f77b6abfe66288dd94010" ON "insights" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_insights_tenant_created" ON "insights" ("tenant_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_insights_subject" ON "insights" ("tenant_id", "kind", "subject")
        `);
    await queryRunner.query(`
            CREATE TABLE "insight_action_items" (
                "action_item_id" uuid NOT NULL,
                "tenant_id" uuid NOT NULL,
                "meeting_id" uuid,
                "title" character varying(300) NOT NULL,
                "assignee_user_id" uuid,
                "assignee_name" character varying(200),
                "status" character varying(16) NOT NULL,
                "due_at" TIMESTAMP(3) WITH TIME ZONE,
                "version" integer NOT NULL,
                "due_changes" jsonb NOT NULL DEFAULT '[]',
                CONSTRAINT "PK_1e0646b53698dbdbf29bde20f0f" PRIMARY KEY ("action_item_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_insight_action_items_tenant_assignee" ON "insight_action_items" ("tenant_id", "assignee_user_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "insights"
            ADD CONSTRAINT "FK_10865f77b6abfe66288dd94010f" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "insight_action_items"
            ADD CONSTRAINT "FK_1e0646b53698dbdbf29bde20f0f" FOREIGN KEY ("action_item_id") REFERENCES "action_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "insight_action_items"
            ADD CONSTRAINT "FK_07e1bf91d07caa2e1e2c9932567" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "insight_action_items" DROP CONSTRAINT "FK_07e1bf91d07caa2e1e2c9932567"
        `);
    await queryRunner.query(`
            ALTER TABLE "insight_action_items" DROP CONSTRAINT "FK_1e0646b53698dbdbf29bde20f0f"
        `);
    await queryRunner.query(`
            ALTER TABLE "insights" DROP CONSTRAINT "FK_10865f77b6abfe66288dd94010f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_insight_action_items_tenant_assignee"
        `);
    await queryRunner.query(`
            DROP TABLE "insight_action_items"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_insights_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_insights_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_10865f77b6abfe66288dd94010"
        `);
    await queryRunner.query(`
            DROP TABLE "insights"
        `);
  }
}
