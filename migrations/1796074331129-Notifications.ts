import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** notifications: what members are told, each row one recipient's, unique per (tenant, user, dedupe key) (libs/business-rules/src/notifications). */
export class Notifications1796074331129 implements MigrationInterface {
  name = 'Notifications1796074331129';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" uuid NOT NULL,
                "type" character varying(100) NOT NULL,
                "title" character varying(300) NOT NULL,
                "body" text NOT NULL DEFAULT '',
                "data" jsonb NOT NULL DEFAULT '{}',
                "link" character varying(2048),
                "read_at" TIMESTAMP(3) WITH TIME ZONE,
                "dedupe_key" character varying(200),
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d93ddd7e1b890535ecafbb334e" ON "notifications" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_notifications_dedupe" ON "notifications" ("tenant_id", "user_id", "dedupe_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_notifications_recipient_unread" ON "notifications" ("tenant_id", "user_id")
            WHERE "read_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_notifications_recipient_created" ON "notifications" ("tenant_id", "user_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_d93ddd7e1b890535ecafbb334ec" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_d93ddd7e1b890535ecafbb334ec"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_recipient_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_recipient_unread"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_notifications_dedupe"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d93ddd7e1b890535ecafbb334e"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
  }
}
