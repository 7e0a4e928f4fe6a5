import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ActionItems1795823051867 implements MigrationInterface {
  name = 'ActionItems1795823051867';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `
            INSERT INTO "typeorm_metadata"(
                    "database",
                    "schema",
                    "table",
                    "type",
                    "name",
                    "value"
                )
            VALUES (current_database(), $1, $2, $3, $4, $5)
        `,
      [
        'public',
        'action_items',
        'GENERATED_COLUMN',
        'priority_rank',
        "CASE \"priority\" WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 END",
      ],
    );
    await queryRunner.query(`
            CREATE TABLE "action_items" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "title" character varying(300) NOT NULL,
                "description" text,
                "status" character varying(16) NOT NULL DEFAULT 'open',
                "priority" character varying(16) NOT NULL DEFAULT 'medium',
                "priority_rank" smallint GENERATED ALWAYS AS (
                    CASE
                        "priority"
                        WHEN 'low' THEN 1
                        WHEN 'medium' THEN 2
                        WHEN 'high' THEN 3
                        WHEN 'urgent' THEN 4
                    END
                ) STORED NOT NULL,
                "due_at" TIMESTAMP(3) WITH TIME ZONE,
                "completed_at" TIMESTAMP(3) WITH TIME ZONE,
                "assignee_user_id" uuid,
                "assignee_name" character varying(200),
                "assignee_email" character varying(254),
                "meeting_id" uuid,
                "segment_id" character varying(128),
                "origin" character varying(16) NOT NULL DEFAULT 'manual',
                "created_by" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_action_items_completed" CHECK (
                    ("status" = 'done') = ("completed_at" IS NOT NULL)
                ),
                CONSTRAINT "ck_action_items_segment" CHECK (
                    "segment_id" IS NULL
                    OR "meeting_id" IS NOT NULL
                ),
                CONSTRAINT "ck_action_items_assignee" CHECK (
                    "assignee_user_id" IS NULL
                    OR (
                        "assignee_name" IS NULL
                        AND "assignee_email" IS NULL
                    )
                ),
                CONSTRAINT "ck_action_items_origin" CHECK ("origin" IN ('manual', 'ai')),
                CONSTRAINT "ck_action_items_priority" CHECK (
                    "priority" IN ('low', 'medium', 'high', 'urgent')
                ),
                CONSTRAINT "ck_action_items_status" CHECK (
                    "status" IN ('open', 'in_progress', 'done', 'cancelled')
                ),
                CONSTRAINT "PK_5a84b168b001636b379312104ab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a96fa443e4ea88a74a746e6227" ON "action_items" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_action_items_status" ON "action_items" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_action_items_meeting" ON "action_items" ("meeting_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_action_items_tenant_assignee" ON "action_items" ("tenant_id", "assignee_user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_action_items_tenant_due" ON "action_items" ("tenant_id", "due_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_action_items_tenant_created" ON "action_items" ("tenant_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items"
            ADD CONSTRAINT "FK_a96fa443e4ea88a74a746e62271" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items"
            ADD CONSTRAINT "FK_8f5712e4d1a50ebf15896257021" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items"
            ADD CONSTRAINT "FK_f763f60370f42dfa0dfe3e7d4fd" FOREIGN KEY ("assignee_user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items"
            ADD CONSTRAINT "FK_e6e5ff1019c2316cef30812d1b3" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "action_items" DROP CONSTRAINT "FK_e6e5ff1019c2316cef30812d1b3"
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items" DROP CONSTRAINT "FK_f763f60370f42dfa0dfe3e7d4fd"
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items" DROP CONSTRAINT "FK_8f5712e4d1a50ebf15896257021"
        `);
    await queryRunner.query(`
            ALTER TABLE "action_items" DROP CONSTRAINT "FK_a96fa443e4ea88a74a746e62271"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_action_items_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_action_items_tenant_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_action_items_tenant_assignee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_action_items_meeting"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_action_items_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a96fa443e4ea88a74a746e6227"
        `);
    await queryRunner.query(`
            DROP TABLE "action_items"
        `);
    await queryRunner.query(
      `
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = current_database()
                AND "schema" = $3
                AND "table" = $4
        `,
      ['GENERATED_COLUMN', 'priority_rank', 'public', 'action_items'],
    );
  }
}
