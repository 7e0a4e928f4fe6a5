import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * ai_usage: a `cancelled` outcome, for a provider's part in a call the caller cancelled or hung up on (its tokens
 * billed so far). Such rows were written as `ok`/`fallback` with failure `cancelled`; they move to the new outcome.
 * Written by hand: TypeORM does not see a changed check constraint.
 */
export class AiUsageCancelled1796089414007 implements MigrationInterface {
  name = 'AiUsageCancelled1796089414007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ai_usage" DROP CONSTRAINT "ck_ai_usage_outcome"`);
    await queryRunner.query(
      `ALTER TABLE "ai_usage" ADD CONSTRAINT "ck_ai_usage_outcome" CHECK ("outcome" IN ('ok', 'error', 'fallback', 'budget', 'cancelled'))`,
    );
    await queryRunner.query(`UPDATE "ai_usage" SET "outcome" = 'cancelled' WHERE "failure" = 'cancelled'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Which of ok and fallback a cancelled row was is not kept; ok is the common case (the first provider answering).
    await queryRunner.query(`UPDATE "ai_usage" SET "outcome" = 'ok' WHERE "outcome" = 'cancelled'`);
    await queryRunner.query(`ALTER TABLE "ai_usage" DROP CONSTRAINT "ck_ai_usage_outcome"`);
    await queryRunner.query(
      `ALTER TABLE "ai_usage" ADD CONSTRAINT "ck_ai_usage_outcome" CHECK ("outcome" IN ('ok', 'error', 'fallback', 'budget'))`,
    );
  }
}
