import { identifier } from './chunks-schema';
import type { LexicalFilters, SqlQuery } from './lexical-query';

export interface DenseQueryOptions {
  tenantId: string;
  /** The question's vector, L2-normalised, of `model`. */
  vector: readonly number[];
  model: string;
  topK?: number;
  filters?: LexicalFilters;
  table?: string;
  embeddingsTable?: string;
}

/**
 * The dense leg as one SQL statement: exact cosine similarity (a dot product: stored vectors and the question's are
 * unit length) between the question and every passage of the tenant and filters that has a vector of `model` and
 * the same dimension, best first (ties by id); only passages pointing the same way as the question (> 0) count.
 * There is no vector index (no pgvector), so the cost is linear in the passages in scope (docs/benchmarks.md §6).
 * The filters mean what they mean for the lexical leg, and both tables are read under `tenant_id = $1`.
 */
export function buildDenseQuery(options: DenseQueryOptions): SqlQuery {
  const table = identifier(options.table ?? 'rag_chunks');
  const vectors = identifier(options.embeddingsTable ?? 'rag_chunk_embeddings');
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const tenant = p(options.tenantId);
  const model = p(options.model);
  const vector = p(options.vector.map(Number));
  const dimension = p(options.vector.length);
  const conditions = [`c.tenant_id = ${tenant}`];
  const filters = options.filters ?? {};
  if (filters.sourceTypes?.length) conditions.push(`c.source_type = ANY(${p([...filters.sourceTypes])}::text[])`);
  if (filters.sourceIds?.length) conditions.push(`c.source_id = ANY(${p([...filters.sourceIds])}::uuid[])`);
  if (filters.speakers?.length) conditions.push(`c.speakers && ${p([...filters.speakers])}::text[]`);
  if (filters.tags?.length) conditions.push(`c.tags && ${p([...filters.tags])}::text[]`);
  if (filters.from) conditions.push(`c.occurred_at >= ${p(filters.from)}`);
  if (filters.to) conditions.push(`c.occurred_at < ${p(filters.to)}`);
  const topK = p(Math.max(1, Math.floor(options.topK ?? 10)));
  const sql = `WITH q AS (SELECT ${vector}::real[] AS v),
scored AS (
  -- unnest reads each vector once. Subscripts (e.vector[i]) looked twice as fast at 256 dimensions, but a vector of
  -- more than about 500 floats is TOASTed and each subscript decompresses it again: 20 times slower at 512.
  SELECT e.chunk_id AS id, (SELECT sum(a * b) FROM unnest(e.vector, q.v) AS t(a, b)) AS score
  FROM ${vectors} e
  JOIN ${table} c ON c.id = e.chunk_id AND c.tenant_id = ${tenant}
  CROSS JOIN q
  WHERE e.tenant_id = ${tenant} AND e.model = ${model} AND e.dimension = ${dimension} AND ${conditions.join(' AND ')}),
best AS (SELECT id, score FROM scored WHERE score > 0 ORDER BY score DESC, id LIMIT ${topK})
SELECT c.id, c.source_type, c.source_id, c.chunk_index, c.title, c.body, c.segment_ids, c.speakers, c.start_ms, c.end_ms,
  c.heading_path, c.page, r.score
FROM best r
JOIN ${table} c ON c.id = r.id AND c.tenant_id = ${tenant}
ORDER BY r.score DESC, c.id`;
  return { sql, params };
}

/** A vector scaled to unit length (a zero vector stays zero): stored and queried that way, cosine is a dot product. */
export function unitVector(vector: readonly number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector.map(() => 0) : vector.map((value) => value / norm);
}
