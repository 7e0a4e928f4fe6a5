import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Business rules (libs/business-rules/src/rules): rules and their immutable versions, rule_applications (what fired,
 * why, and what its actions did; its unique key makes a firing happen at most once per version, entity and trigger
 * window) and rule_events (the trail of events rules are triggered by, which replay reads).
 */
export class BusinessRules1796086740269 implements MigrationInterface {
  name = 'BusinessRules1796086740269';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "rule_applications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "rule_id" uuid NOT NULL,
                "rule_version_id" uuid NOT NULL,
                "rule_version_number" integer NOT NULL,
                "trigger" character varying(64) NOT NULL,
                "window" character varying(64) NOT NULL,
                "entity_type" character varying(32) NOT NULL,
                "entity_id" uuid NOT NULL,
                "event_id" uuid,
                "status" character varying(16) NOT NULL,
                "conditions" jsonb NOT NULL DEFAULT '[]',
                "actions" jsonb NOT NULL DEFAULT '[]',
                "error" character varying(1000),
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_rule_applications_status" CHECK ("status" IN ('running', 'fired', 'failed', 'error')),
                CONSTRAINT "PK_68509403f752701ed0c207b273c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rule_applications_rule" ON "rule_applications" ("rule_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rule_applications_tenant_created" ON "rule_applications" ("tenant_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_rule_applications_once" ON "rule_applications" ("rule_version_id", "entity_id", "window")
        `);
    await queryRunner.query(`
            CREATE TABLE "rule_versions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "rule_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "name" character varying(200) NOT NULL,
                "description" character varying(2000),
                "entity" character varying(32) NOT NULL,
                "event_types" text array NOT NULL DEFAULT '{}',
                "trigger" jsonb NOT NULL,
                "conditions" jsonb NOT NULL,
                "actions" jsonb NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f94078d9fb0f85dcdf3ceaec3ec" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_rule_versions_number" ON "rule_versions" ("rule_id", "number")
        `);
    await queryRunner.query(`
            CREATE TABLE "rule_events" (
                "id" uuid NOT NULL,
                "tenant_id" uuid NOT NULL,
                "type" character varying(64) NOT NULL,
                "entity_id" uuid NOT NULL,
                "actor_user_id" uuid,
                "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "data" jsonb NOT NULL,
                CONSTRAINT "PK_748460f4abaa338118bc57656c0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rule_events_tenant_occurred" ON "rule_events" ("tenant_id", "occurred_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" character varying(200) NOT NULL,
                "description" character varying(2000),
                "enabled" boolean NOT NULL DEFAULT true,
                "paused_reason" character varying(500),
                "active_version_id" uuid,
                "latest_version" integer NOT NULL DEFAULT '0',
                "consecutive_failures" integer NOT NULL DEFAULT '0',
                "actor_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_10fef696a7d61140361b1b23608" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f1e5726c50ef2a632e178103c8" ON "rules" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rules_tenant_created" ON "rules" ("tenant_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_applications"
            ADD CONSTRAINT "FK_a2c1d4586bdf6fc18aae60f3dea" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_applications"
            ADD CONSTRAINT "FK_b6d265c7fa0b12ff9ce4118afe5" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_versions"
            ADD CONSTRAINT "FK_d13d4a69ecdb5acf7b1df3bbf6c" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_versions"
            ADD CONSTRAINT "FK_1badad0d8d18d45cb93eeee6ae2" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_events"
            ADD CONSTRAINT "FK_fe9ad5e68a58fda8a48ff47a108" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rules"
            ADD CONSTRAINT "FK_f1e5726c50ef2a632e178103c88" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rules"
            ADD CONSTRAINT "FK_f282461764c2f937a037a368047" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "rules" DROP CONSTRAINT "FK_f282461764c2f937a037a368047"
        `);
    await queryRunner.query(`
            ALTER TABLE "rules" DROP CONSTRAINT "FK_f1e5726c50ef2a632e178103c88"
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_events" DROP CONSTRAINT "FK_fe9ad5e68a58fda8a48ff47a108"
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_versions" DROP CONSTRAINT "FK_1badad0d8d18d45cb93eeee6ae2"
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_versions" DROP CONSTRAINT "FK_d13d4a69ecdb5acf7b1df3bbf6c"
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_applications" DROP CONSTRAINT "FK_b6d265c7fa0b12ff9ce4118afe5"
        `);
    await queryRunner.query(`
            ALTER TABLE "rule_applications" DROP CONSTRAINT "FK_a2c1d4586bdf6fc18aae60f3dea"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rules_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f1e5726c50ef2a632e178103c8"
        `);
    await queryRunner.query(`
            DROP TABLE "rules"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rule_events_tenant_occurred"
        `);
    await queryRunner.query(`
            DROP TABLE "rule_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_rule_versions_number"
        `);
    await queryRunner.query(`
            DROP TABLE "rule_versions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_rule_applications_once"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rule_applications_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rule_applications_rule"
        `);
    await queryRunner.query(`
            DROP TABLE "rule_applications"
        `);
  }
}
