import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * idempotency_keys: what `Idempotency-Key` retries are answered from (libs/platform/src/http/idempotency). A row is
 * a running request's claim (`claim`, `locked_until`) or, once it answered, its answer, until `expires_at`.
 */
export class IdempotencyKeys1796192693432 implements MigrationInterface {
  name = 'IdempotencyKeys1796192693432';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "tenant_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "key" character varying(255) NOT NULL,
                "fingerprint" character(64) NOT NULL,
                "claim" uuid,
                "locked_until" TIMESTAMP(3) WITH TIME ZONE,
                "response_status" smallint,
                "response_location" text,
                "response_body" text,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_idempotency_keys_state" CHECK (
                    ("claim" IS NOT NULL AND "locked_until" IS NOT NULL AND "response_status" IS NULL)
                    OR ("claim" IS NULL AND "locked_until" IS NULL AND "response_status" IS NOT NULL AND "response_body" IS NOT NULL)
                ),
                CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("tenant_id", "user_id", "key")
            )
        `);
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_expires" ON "idempotency_keys" ("expires_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
