/**
 * The chunks table the knowledge base searches, as plain SQL (the migration and the evaluation create it from here).
 * `search` is generated: the title with weight A and the body with weight B, English configuration; a GIN index serves
 * the lexical leg, a (tenant_id, source_id) index the filters and deletions.
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
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', body), 'B')
  ) STORED
)`,
    `CREATE INDEX ${identifier(`${table}_search_idx`)} ON ${name} USING gin (search)`,
    `CREATE INDEX ${identifier(`${table}_source_idx`)} ON ${name} (tenant_id, source_id)`,
  ];
}

/** A lower-case SQL identifier, refused if it is anything else (table names are never user input, but stay checked). */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}
