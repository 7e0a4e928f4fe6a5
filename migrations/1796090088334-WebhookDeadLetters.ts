import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** webhook_dead_letters: messages given up on after their last attempt, with their payload, for redelivery (docs/notifications.md). */
export class WebhookDeadLetters1796090088334 implements MigrationInterface {
  name = 'WebhookDeadLetters1796090088334';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook_dead_letters" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "webhook_id" uuid NOT NULL,
                "message_id" character varying(100) NOT NULL,
                "event_type" character varying(100) NOT NULL,
                "occurred_at" character varying(40) NOT NULL,
                "data" jsonb NOT NULL,
                "attempts" integer NOT NULL,
                "error" character varying(500) NOT NULL,
                "redeliveries" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_7ec19d889f8b72b5dfdb7e19800" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a29a5fc1a9ed487fa538c01035" ON "webhook_dead_letters" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_dead_letters_webhook_created" ON "webhook_dead_letters" ("tenant_id", "webhook_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_webhook_dead_letters_message" ON "webhook_dead_letters" ("webhook_id", "message_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_dead_letters"
            ADD CONSTRAINT "FK_a29a5fc1a9ed487fa538c010352" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_dead_letters"
            ADD CONSTRAINT "FK_44cb0c3c7c1b6e55c0e8a06b740" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_dead_letters" DROP CONSTRAINT "FK_44cb0c3c7c1b6e55c0e8a06b740"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_dead_letters" DROP CONSTRAINT "FK_a29a5fc1a9ed487fa538c010352"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_webhook_dead_letters_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_dead_letters_webhook_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a29a5fc1a9ed487fa538c01035"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_dead_letters"
        `);
  }
}
