import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** ai_usage: one row per provider taking part in an AI call (libs/ai/src/usage), read by GET /api/v1/ai/usage and the tenant budget. */
export class AiUsage1796053670428 implements MigrationInterface {
  name = 'AiUsage1796053670428';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "ai_usage" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "user_id" uuid,
                "task" character varying(32) NOT NULL,
                "provider" character varying(32) NOT NULL,
                "model" character varying(128) NOT NULL,
                "tokens_in" integer NOT NULL DEFAULT '0',
                "tokens_out" integer NOT NULL DEFAULT '0',
                "cost_usd" numeric(14, 8) NOT NULL DEFAULT '0',
                "latency_ms" integer NOT NULL DEFAULT '0',
                "outcome" character varying(16) NOT NULL,
                "failure" character varying(32),
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_ai_usage_outcome" CHECK (
                    "outcome" IN ('ok', 'error', 'fallback', 'budget')
                ),
                CONSTRAINT "PK_3dddab3a15520a9c3eba859195d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1b342fd5b20e5ffca652770404" ON "ai_usage" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_ai_usage_tenant_created" ON "ai_usage" ("tenant_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "ai_usage"
            ADD CONSTRAINT "FK_5fccbe2fa726bde4054ae3e59fa" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ai_usage"
            ADD CONSTRAINT "FK_1b342fd5b20e5ffca652770404d" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "ai_usage" DROP CONSTRAINT "FK_1b342fd5b20e5ffca652770404d"
        `);
    await queryRunner.query(`
            ALTER TABLE "ai_usage" DROP CONSTRAINT "FK_5fccbe2fa726bde4054ae3e59fa"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_ai_usage_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1b342fd5b20e5ffca652770404"
        `);
    await queryRunner.query(`
            DROP TABLE "ai_usage"
        `);
  }
}
