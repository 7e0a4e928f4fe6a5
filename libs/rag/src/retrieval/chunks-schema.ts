/**
 * The evaluation's stand-in for `rag_chunks` and its statistics (migrations/*-KnowledgeBase.ts and
 * *-RagTermStatistics.ts), as plain SQL for a scratch database that has no tenants, meetings or documents to
 * reference: every column the lexical query reads, with the same generated `search` (the title with weight A and the
 * body with weight B, English configuration), the same GIN index on (tenant_id, search), and the same triggers keeping
 * the per-tenant statistics. `source_id` is a plain column here; in the app it is generated from document_id or
 * meeting_id. A test (test/rag.e2e-spec.ts) runs the same query on the real tables.
 */
export function ragChunksSchema(): string[] {
  return [
    `CREATE TABLE rag_chunks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL,
  source_type text NOT NULL,
  source_id uuid NOT NULL,
  chunk_index integer NOT NULL,
  title text NOT NULL DEFAULT '',
  body text NOT NULL,
  words integer NOT NULL,
  segment_ids text[],
  speakers text[],
  start_ms integer,
  end_ms integer,
  heading_path text[],
  page integer,
  tags text[] NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', body), 'B')
  ) STORED
)`,
    'CREATE EXTENSION IF NOT EXISTS btree_gin',
    'CREATE INDEX rag_chunks_search_idx ON rag_chunks USING gin (tenant_id, search)',
    'CREATE INDEX rag_chunks_source_idx ON rag_chunks (tenant_id, source_id)',
    'CREATE TABLE rag_tenant_stats (tenant_id uuid PRIMARY KEY, chunks bigint NOT NULL, words bigint NOT NULL)',
    'CREATE TABLE rag_term_stats (tenant_id uuid NOT NULL, lexeme text NOT NULL, df integer NOT NULL, PRIMARY KEY (tenant_id, lexeme))',
    ...RAG_STATISTICS_TRIGGERS,
  ];
}

/**
 * Triggers keeping `rag_tenant_stats` (passages and words per tenant) and `rag_term_stats` (passages per lexeme per
 * tenant) equal to what `rag_chunks` holds, whoever writes it (indexing, a cascade from a deleted meeting or document,
 * a retitled source). Statement-level with transition tables: one pass per statement, not per row. The lexical query
 * reads its BM25 statistics from them instead of counting the tenant's passages on every question.
 * The migration holds a frozen copy of this SQL; keep both the same.
 */
export const RAG_STATISTICS_TRIGGERS: readonly string[] = [
  `CREATE FUNCTION rag_statistics_apply(tenant_ids uuid[], searches tsvector[], word_counts integer[], sign integer)
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
$fn$`,
  `CREATE FUNCTION rag_chunks_statistics() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
$fn$`,
  `CREATE TRIGGER rag_chunks_statistics_insert AFTER INSERT ON rag_chunks
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rag_chunks_statistics()`,
  `CREATE TRIGGER rag_chunks_statistics_delete AFTER DELETE ON rag_chunks
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rag_chunks_statistics()`,
  `CREATE TRIGGER rag_chunks_statistics_update AFTER UPDATE ON rag_chunks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rag_chunks_statistics()`,
];

/** A lower-case SQL identifier, refused if it is anything else (table names are never user input, but stay checked). */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}
