import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * masking_policies: a tenant's PII masking rules (libs/ai/src/masking), at most one row per tenant; a tenant
 * without one masks with every built-in detector, so no row is needed for new tenants.
 */
export class MaskingRules1796074483202 implements MigrationInterface {
  name = 'MaskingRules1796074483202';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "masking_policies" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "enabled" boolean NOT NULL DEFAULT true,
                "builtins" jsonb NOT NULL DEFAULT '[]',
                "custom" jsonb NOT NULL DEFAULT '[]',
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_461eda7625ca3be022047eecb72" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_masking_policies_tenant" ON "masking_policies" ("tenant_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "masking_policies"
            ADD CONSTRAINT "FK_1eee15ff915cebffb2e7da69271" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "masking_policies" DROP CONSTRAINT "FK_1eee15ff915cebffb2e7da69271"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_masking_policies_tenant"
        `);
    await queryRunner.query(`
            DROP TABLE "masking_policies"
        `);
  }
}
