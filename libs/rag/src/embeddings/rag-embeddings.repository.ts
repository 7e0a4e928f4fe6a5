import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import type { ModelCoverage } from './dense-model';

/** A passage still to embed: its id and the text its vector is made from (the body; the title is the lexical leg's). */
export interface PassageToEmbed {
  id: string;
  body: string;
}

/**
 * The passages' vectors (rag_chunk_embeddings). Every statement names the tenant, except `tenantsBehind`, which the
 * sweep of no tenant uses to find whose vectors are missing or stale.
 */
@Injectable()
export class RagEmbeddingsRepository {
  constructor(private readonly transactions: Transactions) {}

  /**
   * The tenant's passages without a vector of `model`, by id, after `after`: a run walks them once, so a passage
   * that cannot be stored (deleted meanwhile) is not asked for again and again.
   */
  async missing(tenantId: string, model: string, limit: number, after: string | null): Promise<PassageToEmbed[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT c.id, c.body FROM rag_chunks c
       WHERE c.tenant_id = $1 AND ($4::uuid IS NULL OR c.id > $4::uuid)
         AND NOT EXISTS (SELECT 1 FROM rag_chunk_embeddings e WHERE e.chunk_id = c.id AND e.model = $2 AND e.tenant_id = $1)
       ORDER BY c.id LIMIT $3`,
      [tenantId, model, limit, after],
    )) as PassageToEmbed[];
    return rows;
  }

  /**
   * Stores unit vectors of `model`. A passage deleted (re-indexed) since it was read is skipped, and a vector already
   * there (another run got there first) is kept, so a repeated or concurrent run changes nothing.
   */
  async store(tenantId: string, model: string, rows: readonly { chunkId: string; vector: readonly number[] }[]): Promise<void> {
    if (!rows.length) return;
    const params: unknown[] = [tenantId, model];
    const values = rows.map((row) => {
      params.push(row.chunkId, row.vector);
      return `($${params.length - 1}::uuid, $${params.length}::real[])`;
    });
    await this.transactions.manager.query(
      `INSERT INTO rag_chunk_embeddings (chunk_id, model, tenant_id, dimension, vector)
       SELECT v.chunk_id, $2, $1, cardinality(v.vector), v.vector
       FROM (VALUES ${values.join(', ')}) AS v(chunk_id, vector)
       JOIN rag_chunks c ON c.id = v.chunk_id AND c.tenant_id = $1
       ON CONFLICT (chunk_id, model) DO NOTHING`,
      params,
    );
  }

  /** How many passages the tenant has, and how many of them each model has vectors for (per dimension). */
  async coverage(tenantId: string): Promise<{ chunks: number; models: ModelCoverage[] }> {
    const manager = this.transactions.manager;
    // The statistics triggers keep the count (migrations/*-RagTermStatistics.ts): no scan of the tenant's passages per query.
    const [count] = (await manager.query('SELECT coalesce((SELECT chunks FROM rag_tenant_stats WHERE tenant_id = $1), 0)::int AS chunks', [
      tenantId,
    ])) as { chunks: number }[];
    const models = (await manager.query(
      `SELECT model, dimension, count(*)::int AS vectors FROM rag_chunk_embeddings WHERE tenant_id = $1
       GROUP BY model, dimension ORDER BY model, dimension`,
      [tenantId],
    )) as ModelCoverage[];
    return { chunks: count.chunks, models };
  }

  /** Once `keep` covers the tenant, the other models' vectors are dead weight. */
  async dropOtherModels(tenantId: string, keep: string): Promise<number> {
    const [, affected] = (await this.transactions.manager.query('DELETE FROM rag_chunk_embeddings WHERE tenant_id = $1 AND model <> $2', [
      tenantId,
      keep,
    ])) as [unknown, number];
    return affected;
  }

  /** Tenants with passages lacking a vector of `model`, or with vectors of another model left to drop. */
  async tenantsBehind(model: string): Promise<string[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT c.tenant_id FROM rag_chunks c
       WHERE NOT EXISTS (SELECT 1 FROM rag_chunk_embeddings e WHERE e.chunk_id = c.id AND e.model = $1 AND e.tenant_id = c.tenant_id)
       UNION
       SELECT e.tenant_id FROM rag_chunk_embeddings e WHERE e.model <> $1`,
      [model],
    )) as { tenant_id: string }[];
    return rows.map((r) => r.tenant_id);
  }

  /**
   * Runs `replace` (a source's passages replaced whole) so that vectors survive it: those of the source's passages
   * are set aside by body first, and given to the new passages with the same body after. A live meeting is re-indexed
   * every few seconds; without this every run would pay the provider again for every passage. In the caller's
   * transaction (the temporary table goes with it).
   */
  async keepingVectors<T>(tenantId: string, source: { documentId: string } | { meetingId: string }, replace: () => Promise<T>): Promise<T> {
    const manager = this.transactions.manager;
    const column = 'documentId' in source ? 'document_id' : 'meeting_id';
    const sourceId = 'documentId' in source ? source.documentId : source.meetingId;
    await manager.query('DROP TABLE IF EXISTS pg_temp.rag_kept_vectors');
    await manager.query(
      `CREATE TEMPORARY TABLE rag_kept_vectors ON COMMIT DROP AS
       SELECT DISTINCT ON (c.body, e.model) c.body, e.model, e.dimension, e.vector
       FROM rag_chunks c JOIN rag_chunk_embeddings e ON e.chunk_id = c.id AND e.tenant_id = $1
       WHERE c.tenant_id = $1 AND c.${column} = $2`,
      [tenantId, sourceId],
    );
    const result = await replace();
    await manager.query(
      `INSERT INTO rag_chunk_embeddings (chunk_id, model, tenant_id, dimension, vector)
       SELECT c.id, k.model, $1, k.dimension, k.vector
       FROM rag_chunks c JOIN rag_kept_vectors k ON k.body = c.body
       WHERE c.tenant_id = $1 AND c.${column} = $2
       ON CONFLICT (chunk_id, model) DO NOTHING`,
      [tenantId, sourceId],
    );
    await manager.query('DROP TABLE pg_temp.rag_kept_vectors');
    return result;
  }
}
