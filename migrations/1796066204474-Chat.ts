import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** chat_sessions and chat_messages: conversations with the knowledge base, each of one user (libs/rag/src/chat). */
export class Chat1796066204474 implements MigrationInterface {
  name = 'Chat1796066204474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "chat_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "session_id" uuid NOT NULL,
                "role" character varying(16) NOT NULL,
                "content" text NOT NULL,
                "citations" jsonb NOT NULL DEFAULT '[]',
                "status" character varying(16) NOT NULL DEFAULT 'complete',
                "provider" character varying(32),
                "model" character varying(128),
                CONSTRAINT "ck_chat_messages_status" CHECK ("status" IN ('complete', 'failed', 'cancelled')),
                CONSTRAINT "ck_chat_messages_role" CHECK ("role" IN ('user', 'assistant')),
                CONSTRAINT "PK_40c55ee0e571e268b0d3cd37d10" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2e818d30c3c802e361e8bc6206" ON "chat_messages" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_chat_messages_session" ON "chat_messages" ("session_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "chat_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" uuid NOT NULL,
                "title" character varying(200) NOT NULL,
                CONSTRAINT "PK_efc151a4aafa9a28b73dedc485f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e56b32c0815c136c110e3d34f9" ON "chat_sessions" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_chat_sessions_owner" ON "chat_sessions" ("tenant_id", "user_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages"
            ADD CONSTRAINT "FK_0672782561e44d43febcfba2984" FOREIGN KEY ("session_id") REFERENCES "chat_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages"
            ADD CONSTRAINT "FK_2e818d30c3c802e361e8bc62060" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_sessions"
            ADD CONSTRAINT "FK_e56b32c0815c136c110e3d34f98" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_sessions"
            ADD CONSTRAINT "FK_1fa209cf48ae975a109366542a5" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "chat_sessions" DROP CONSTRAINT "FK_1fa209cf48ae975a109366542a5"
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_sessions" DROP CONSTRAINT "FK_e56b32c0815c136c110e3d34f98"
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_2e818d30c3c802e361e8bc62060"
        `);
    await queryRunner.query(`
            ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_0672782561e44d43febcfba2984"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_chat_sessions_owner"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e56b32c0815c136c110e3d34f9"
        `);
    await queryRunner.query(`
            DROP TABLE "chat_sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_chat_messages_session"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2e818d30c3c802e361e8bc6206"
        `);
    await queryRunner.query(`
            DROP TABLE "chat_messages"
        `);
  }
}
