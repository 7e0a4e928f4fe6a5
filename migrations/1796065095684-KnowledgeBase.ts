import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The knowledge base (libs/rag): rag_documents (files as uploaded, and their indexing state) and
 * rag_chunks (retrievable passages of documents, transcripts and analyses) with a weighted tsvector
 * searched through a GIN index on (tenant_id, search), so the tenant narrows inside the index (btree_gin,
 * a trusted extension).
 */
export class KnowledgeBase1796065095684 implements MigrationInterface {
  name = 'KnowledgeBase1796065095684';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gin');
    await queryRunner.query(
      `
            INSERT INTO "typeorm_metadata"(
                    "database",
                    "schema",
                    "table",
                    "type",
                    "name",
                    "value"
                )
            VALUES (current_database(), $1, $2, $3, $4, $5)
        `,
      ['public', 'rag_chunks', 'GENERATED_COLUMN', 'source_id', 'coalesce("document_id", "meeting_id")'],
    );
    await queryRunner.query(
      `
            INSERT INTO "typeorm_metadata"(
                    "database",
                    "schema",
                    "table",
                    "type",
                    "name",
                    "value"
                )
            VALUES (current_database(), $1, $2, $3, $4, $5)
        `,
      [
        'public',
        'rag_chunks',
        'GENERATED_COLUMN',
        'search',
        "setweight(to_tsvector('english', coalesce(\"title\", '')), 'A') || setweight(to_tsvector('english', \"body\"), 'B')",
      ],
    );
    await queryRunner.query(`
            CREATE TABLE "rag_chunks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "source_type" character varying(16) NOT NULL,
                "document_id" uuid,
                "meeting_id" uuid,
                "source_id" uuid GENERATED ALWAYS AS (coalesce("document_id", "meeting_id")) STORED NOT NULL,
                "chunk_index" integer NOT NULL,
                "title" character varying(300) NOT NULL,
                "heading_path" text array NOT NULL DEFAULT '{}',
                "body" text NOT NULL,
                "words" integer NOT NULL,
                "page" integer,
                "segment_ids" text array NOT NULL DEFAULT '{}',
                "speakers" text array NOT NULL DEFAULT '{}',
                "start_ms" integer,
                "end_ms" integer,
                "tags" text array NOT NULL DEFAULT '{}',
                "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "search" tsvector GENERATED ALWAYS AS (
                    setweight(
                        to_tsvector('english', coalesce("title", '')),
                        'A'
                    ) || setweight(to_tsvector('english', "body"), 'B')
                ) STORED NOT NULL,
                CONSTRAINT "ck_rag_chunks_source_type" CHECK (
                    "source_type" IN ('document', 'transcript', 'analysis')
                ),
                CONSTRAINT "ck_rag_chunks_source" CHECK (
                    ("source_type" = 'document') = ("document_id" IS NOT NULL)
                    AND (
                        "source_type" = 'document'
                        OR "meeting_id" IS NOT NULL
                    )
                ),
                CONSTRAINT "PK_5775a2e48c4774fbb9203b22fcd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query('CREATE INDEX "ix_rag_chunks_search" ON "rag_chunks" USING GIN ("tenant_id", "search")');
    await queryRunner.query(`
            CREATE INDEX "ix_rag_chunks_meeting" ON "rag_chunks" (
                "tenant_id",
                "meeting_id",
                "source_type",
                "chunk_index"
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rag_chunks_document" ON "rag_chunks" ("tenant_id", "document_id", "chunk_index")
        `);
    await queryRunner.query(`
            CREATE TABLE "rag_documents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "title" character varying(300) NOT NULL,
                "filename" character varying(200),
                "format" character varying(16) NOT NULL,
                "size_bytes" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "tags" text array NOT NULL DEFAULT '{}',
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "error" text,
                "page_count" integer,
                "chunk_count" integer NOT NULL DEFAULT '0',
                "content" bytea NOT NULL,
                "created_by" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_rag_documents_format" CHECK (
                    "format" IN ('pdf', 'docx', 'html', 'markdown', 'text')
                ),
                CONSTRAINT "ck_rag_documents_status" CHECK ("status" IN ('pending', 'indexed', 'failed')),
                CONSTRAINT "PK_0c27c0f160af990a817ba71c32a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e4047b7d56e145cf0166f534c3" ON "rag_documents" ("tenant_id")
        `);
    await queryRunner.query('CREATE INDEX "ix_rag_documents_tags" ON "rag_documents" USING GIN ("tags")');
    await queryRunner.query(`
            CREATE INDEX "ix_rag_documents_tenant_created" ON "rag_documents" ("tenant_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunks"
            ADD CONSTRAINT "FK_e241ccc627d521a661beaa64775" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunks"
            ADD CONSTRAINT "FK_44209ba9d30face3080d69eb4e2" FOREIGN KEY ("document_id") REFERENCES "rag_documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunks"
            ADD CONSTRAINT "FK_35ce1bf213a4c21f6130215ca06" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_documents"
            ADD CONSTRAINT "FK_e4047b7d56e145cf0166f534c3c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_documents"
            ADD CONSTRAINT "FK_ca63371f5d7e01afda6256539d4" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_rag_documents_tags"');
    await queryRunner.query('DROP INDEX "public"."ix_rag_chunks_search"');
    await queryRunner.query(`
            ALTER TABLE "rag_documents" DROP CONSTRAINT "FK_ca63371f5d7e01afda6256539d4"
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_documents" DROP CONSTRAINT "FK_e4047b7d56e145cf0166f534c3c"
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunks" DROP CONSTRAINT "FK_35ce1bf213a4c21f6130215ca06"
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunks" DROP CONSTRAINT "FK_44209ba9d30face3080d69eb4e2"
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunks" DROP CONSTRAINT "FK_e241ccc627d521a661beaa64775"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rag_documents_tenant_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e4047b7d56e145cf0166f534c3"
        `);
    await queryRunner.query(`
            DROP TABLE "rag_documents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rag_chunks_document"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rag_chunks_meeting"
        `);
    await queryRunner.query(`
            DROP TABLE "rag_chunks"
        `);
    await queryRunner.query(
      `
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = current_database()
                AND "schema" = $3
                AND "table" = $4
        `,
      ['GENERATED_COLUMN', 'search', 'public', 'rag_chunks'],
    );
    await queryRunner.query(
      `
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = current_database()
                AND "schema" = $3
                AND "table" = $4
        `,
      ['GENERATED_COLUMN', 'source_id', 'public', 'rag_chunks'],
    );
  }
}
