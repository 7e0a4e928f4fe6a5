import { identifier } from '../retrieval/chunks-schema';

/**
 * The evaluation's stand-in for `rag_chunk_embeddings` (migrations/*-RagEmbeddings.ts) beside ragChunksSchema's
 * `rag_chunks`: every column the dense query reads, keyed by passage and model, with `chunk_id` of that stand-in's
 * id type (bigint) and no foreign keys (the scratch database has no tenants).
 */
export function ragChunkEmbeddingsSchema(table = 'rag_chunk_embeddings'): string[] {
  const name = identifier(table);
  return [
    `CREATE TABLE ${name} (
  chunk_id bigint NOT NULL,
  model text NOT NULL,
  tenant_id uuid NOT NULL,
  dimension integer NOT NULL,
  vector real[] NOT NULL,
  PRIMARY KEY (chunk_id, model)
)`,
    `CREATE INDEX ${identifier(`${table}_tenant_model_idx`)} ON ${name} (tenant_id, model)`,
  ];
}
