import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Per-tenant BM25 statistics of the knowledge base: rag_tenant_stats (passages and words) and rag_term_stats
 * (passages holding each lexeme), kept equal to rag_chunks by statement-level triggers, so the lexical query reads
 * them instead of counting the tenant's passages on every question (libs/rag/src/retrieval/lexical-query.ts).
 * Frozen copy of RAG_STATISTICS_TRIGGERS (libs/rag/src/retrieval/chunks-schema.ts) as it was; filled from what is
 * indexed already. And an index on (tenant_id, source_id), for searches filtered to meetings or documents.
 */
export class RagTermStatistics1796070234464 implements MigrationInterface {
  name = 'RagTermStatistics1796070234464';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_rag_chunks_source" ON "rag_chunks" ("tenant_id", "source_id")');
    await queryRunner.query(`
            CREATE TABLE "rag_tenant_stats" (
                "tenant_id" uuid NOT NULL,
                "chunks" bigint NOT NULL,
                "words" bigint NOT NULL,
                CONSTRAINT "PK_rag_tenant_stats" PRIMARY KEY ("tenant_id"),
                CONSTRAINT "FK_rag_tenant_stats_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "rag_term_stats" (
                "tenant_id" uuid NOT NULL,
                "lexeme" text NOT NULL,
                "df" integer NOT NULL,
                CONSTRAINT "PK_rag_term_stats" PRIMARY KEY ("tenant_id", "lexeme"),
                CONSTRAINT "FK_rag_term_stats_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`
            CREATE FUNCTION rag_statistics_apply(tenant_ids uuid[], searches tsvector[], word_counts integer[], sign integer)
            RETURNS void LANGUAGE plpgsql AS $fn$
            BEGIN
              -- One statistics writer per tenant at a time: two ingestions of a tenant would otherwise update the same
              -- lexeme rows in different orders and deadlock. Tenants are locked in a fixed order for the same reason.
              PERFORM pg_advisory_xact_lock(hashtextextended('rag_statistics ' || t.id::text, 0))
              FROM (SELECT DISTINCT u.id FROM unnest(tenant_ids) AS u(id) ORDER BY u.id) t;
              IF sign > 0 THEN
                INSERT INTO rag_tenant_stats AS s (tenant_id, chunks, words)
                SELECT r.id, count(*), sum(r.words) FROM unnest(tenant_ids, word_counts) AS r(id, words) GROUP BY r.id ORDER BY r.id
                ON CONFLICT (tenant_id) DO UPDATE SET chunks = s.chunks + excluded.chunks, words = s.words + excluded.words;
                INSERT INTO rag_term_stats AS s (tenant_id, lexeme, df)
                SELECT r.id, l.lexeme, count(*)
                FROM unnest(tenant_ids, searches) AS r(id, search) CROSS JOIN LATERAL unnest(tsvector_to_array(r.search)) AS l(lexeme)
                GROUP BY r.id, l.lexeme ORDER BY r.id, l.lexeme
                ON CONFLICT (tenant_id, lexeme) DO UPDATE SET df = s.df + excluded.df;
              ELSE
                -- Only rows that exist can lose passages; a tenant being deleted may already have lost its rows to the cascade.
                UPDATE rag_tenant_stats s SET chunks = s.chunks - d.chunks, words = s.words - d.words
                FROM (SELECT r.id, count(*) AS chunks, sum(r.words) AS words FROM unnest(tenant_ids, word_counts) AS r(id, words) GROUP BY r.id) d
                WHERE s.tenant_id = d.id;
                UPDATE rag_term_stats s SET df = s.df - d.df
                FROM (
                  SELECT r.id, l.lexeme, count(*) AS df
                  FROM unnest(tenant_ids, searches) AS r(id, search) CROSS JOIN LATERAL unnest(tsvector_to_array(r.search)) AS l(lexeme)
                  GROUP BY r.id, l.lexeme
                ) d
                WHERE s.tenant_id = d.id AND s.lexeme = d.lexeme;
                DELETE FROM rag_term_stats WHERE tenant_id = ANY(tenant_ids) AND df <= 0;
              END IF;
            END
            $fn$
        `);
    await queryRunner.query(`
            CREATE FUNCTION rag_chunks_statistics() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                PERFORM rag_statistics_apply(array_agg(n.tenant_id), array_agg(n.search), array_agg(n.words), 1) FROM new_rows n HAVING count(*) > 0;
              ELSIF TG_OP = 'DELETE' THEN
                PERFORM rag_statistics_apply(array_agg(o.tenant_id), array_agg(o.search), array_agg(o.words), -1) FROM old_rows o HAVING count(*) > 0;
              ELSE
                -- A retitled source changes its passages' lexemes; a change of tags alone changes nothing counted.
                PERFORM rag_statistics_apply(array_agg(o.tenant_id), array_agg(o.search), array_agg(o.words), -1)
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE n.search IS DISTINCT FROM o.search OR n.words <> o.words OR n.tenant_id <> o.tenant_id
                HAVING count(*) > 0;
                PERFORM rag_statistics_apply(array_agg(n.tenant_id), array_agg(n.search), array_agg(n.words), 1)
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE n.search IS DISTINCT FROM o.search OR n.words <> o.words OR n.tenant_id <> o.tenant_id
                HAVING count(*) > 0;
              END IF;
              RETURN NULL;
            END
            $fn$
        `);
    await queryRunner.query(`
            CREATE TRIGGER rag_chunks_statistics_insert AFTER INSERT ON rag_chunks
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rag_chunks_statistics()
        `);
    await queryRunner.query(`
            CREATE TRIGGER rag_chunks_statistics_delete AFTER DELETE ON rag_chunks
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rag_chunks_statistics()
        `);
    await queryRunner.query(`
            CREATE TRIGGER rag_chunks_statistics_update AFTER UPDATE ON rag_chunks
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rag_chunks_statistics()
        `);
    await queryRunner.query(`
            INSERT INTO "rag_tenant_stats" ("tenant_id", "chunks", "words")
            SELECT tenant_id, count(*), sum(words) FROM rag_chunks GROUP BY tenant_id
        `);
    await queryRunner.query(`
            INSERT INTO "rag_term_stats" ("tenant_id", "lexeme", "df")
            SELECT c.tenant_id, l.lexeme, count(*) FROM rag_chunks c CROSS JOIN LATERAL unnest(tsvector_to_array(c.search)) AS l(lexeme)
            GROUP BY c.tenant_id, l.lexeme
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "rag_chunks_statistics_update" ON "rag_chunks"');
    await queryRunner.query('DROP TRIGGER "rag_chunks_statistics_delete" ON "rag_chunks"');
    await queryRunner.query('DROP TRIGGER "rag_chunks_statistics_insert" ON "rag_chunks"');
    await queryRunner.query('DROP FUNCTION "rag_chunks_statistics"()');
    await queryRunner.query('DROP FUNCTION "rag_statistics_apply"(uuid[], tsvector[], integer[], integer)');
    await queryRunner.query('DROP TABLE "rag_term_stats"');
    await queryRunner.query('DROP TABLE "rag_tenant_stats"');
    await queryRunner.query('DROP INDEX "public"."ix_rag_chunks_source"');
  }
}
