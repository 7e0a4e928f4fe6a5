import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Vectors of the knowledge base's passages for the dense leg (libs/rag/src/embeddings): one row per passage
 * and embeddings model, so a new model's vectors are filled beside the old ones, which keep serving until
 * the new model covers the tenant. No pgvector: `real[]`, L2-normalised, with its dimension checked.
 */
export class RagEmbeddings1796070036361 implements MigrationInterface {
  name = 'RagEmbeddings1796070036361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "rag_chunk_embeddings" (
                "chunk_id" uuid NOT NULL,
                "model" character varying(200) NOT NULL,
                "tenant_id" uuid NOT NULL,
                "dimension" integer NOT NULL,
                "vector" real array NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_rag_chunk_embeddings_dimension" CHECK (cardinality("vector") = "dimension"),
                CONSTRAINT "PK_597f9a0e43c48eca0df5738fc12" PRIMARY KEY ("chunk_id", "model")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_rag_chunk_embeddings_tenant_model" ON "rag_chunk_embeddings" ("tenant_id", "model")
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunk_embeddings"
            ADD CONSTRAINT "FK_e7789b4d59b477d323f27a2358d" FOREIGN KEY ("chunk_id") REFERENCES "rag_chunks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunk_embeddings"
            ADD CONSTRAINT "FK_e4d1f64c817c344ca2e7e92f860" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "rag_chunk_embeddings" DROP CONSTRAINT "FK_e4d1f64c817c344ca2e7e92f860"
        `);
    await queryRunner.query(`
            ALTER TABLE "rag_chunk_embeddings" DROP CONSTRAINT "FK_e7789b4d59b477d323f27a2358d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_rag_chunk_embeddings_tenant_model"
        `);
    await queryRunner.query(`
            DROP TABLE "rag_chunk_embeddings"
        `);
  }
}
