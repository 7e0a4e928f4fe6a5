import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** notification_preferences: each member's channels (in-app, e-mail) per notification type (libs/business-rules/src/notifications). */
export class NotificationPreferences1796075493642 implements MigrationInterface {
  name = 'NotificationPreferences1796075493642';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification_preferences" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" uuid NOT NULL,
                "type" character varying(100) NOT NULL,
                "in_app" boolean NOT NULL,
                "email" boolean NOT NULL,
                CONSTRAINT "uq_notification_preferences_user_type" UNIQUE ("tenant_id", "user_id", "type"),
                CONSTRAINT "PK_e94e2b543f2f218ee68e4f4fad2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e907e614e2cc6216ac076eb75e" ON "notification_preferences" ("tenant_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ADD CONSTRAINT "FK_e907e614e2cc6216ac076eb75e5" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ADD CONSTRAINT "FK_64c90edc7310c6be7c10c96f675" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_64c90edc7310c6be7c10c96f675"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_e907e614e2cc6216ac076eb75e5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e907e614e2cc6216ac076eb75e"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preferences"
        `);
  }
}
