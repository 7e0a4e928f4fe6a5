/**
 * The evaluation's stand-in for `rag_chunks` (migrations/*-KnowledgeBase.ts), as plain SQL for a scratch database that
 * has no tenants, meetings or documents to reference: every column the lexical query reads, with the same generated
 * `search` (the title with weight A and the body with weight B, English configuration) and the same GIN index on
 * (tenant_id, search). `source_id` is a plain column here; in the app it is generated from document_id or meeting_id.
 * A test (test/rag.e2e-spec.ts) runs the same query on the real table.
 */
export function ragChunksSchema(table = 'rag_chunks'): string[] {
  const name = identifier(table);
  return [
    `CREATE TABLE ${name} (
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
    `CREATE INDEX ${identifier(`${table}_search_idx`)} ON ${name} USING gin (tenant_id, search)`,
    `CREATE INDEX ${identifier(`${table}_source_idx`)} ON ${name} (tenant_id, source_id)`,
  ];
}

/** A lower-case SQL identifier, refused if it is anything else (table names are never user input, but stay checked). */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}
