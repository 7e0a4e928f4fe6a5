import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * sync_inbound_messages: the `webhook-id`s an inbound webhook source accepted (primary key (source, message id)),
 * written in the transaction that applies the message, so a sender's retry or a concurrent copy applies nothing twice.
 * Pruned by received_at (docs/sync-connectors/inbound-webhooks.md).
 */
export class SyncInboundMessages1796097424296 implements MigrationInterface {
  name = 'SyncInboundMessages1796097424296';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sync_inbound_messages" (
                "source_id" uuid NOT NULL,
                "message_id" character varying(256) NOT NULL,
                "tenant_id" uuid NOT NULL,
                "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5e369835d71bf33a4518b722b1e" PRIMARY KEY ("source_id", "message_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_97daf5e20d8e5e2544ad9a1e9f" ON "sync_inbound_messages" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sync_inbound_messages_received" ON "sync_inbound_messages" ("source_id", "received_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_inbound_messages"
            ADD CONSTRAINT "FK_97daf5e20d8e5e2544ad9a1e9f8" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_inbound_messages"
            ADD CONSTRAINT "FK_382f0db97c2c368e6f21e40f1ab" FOREIGN KEY ("source_id") REFERENCES "sync_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sync_inbound_messages" DROP CONSTRAINT "FK_382f0db97c2c368e6f21e40f1ab"
        `);
    await queryRunner.query(`
            ALTER TABLE "sync_inbound_messages" DROP CONSTRAINT "FK_97daf5e20d8e5e2544ad9a1e9f8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sync_inbound_messages_received"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_97daf5e20d8e5e2544ad9a1e9f"
        `);
    await queryRunner.query(`
            DROP TABLE "sync_inbound_messages"
        `);
  }
}
