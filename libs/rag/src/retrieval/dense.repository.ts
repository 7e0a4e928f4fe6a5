import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import type { ChunkSourceType } from '../chunks/entities/rag-chunk.entity';
import { buildDenseQuery } from './dense-query';
import type { LexicalFilters } from './lexical-query';
import type { LexicalHit } from './retrieval.repository';

interface DenseRow {
  id: string;
  source_type: ChunkSourceType;
  source_id: string;
  chunk_index: number;
  title: string;
  body: string;
  segment_ids: string[] | null;
  speakers: string[] | null;
  start_ms: number | null;
  end_ms: number | null;
  heading_path: string[] | null;
  page: number | null;
  score: number | string;
}

/** Runs the dense leg's SQL (dense-query.ts); the tenant is a parameter of every part of the statement. */
@Injectable()
export class DenseRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Passages as the lexical leg returns them, `score` being the cosine similarity. */
  async dense(tenantId: string, model: string, vector: readonly number[], topK: number, filters: LexicalFilters): Promise<LexicalHit[]> {
    const { sql, params } = buildDenseQuery({ tenantId, model, vector, topK, filters });
    const rows = (await this.transactions.manager.query(sql, params)) as DenseRow[];
    return rows.map((r) => ({
      id: String(r.id),
      sourceType: r.source_type,
      sourceId: r.source_id,
      chunkIndex: r.chunk_index,
      title: r.title,
      body: r.body,
      segmentIds: r.segment_ids,
      speakers: r.speakers,
      startMs: r.start_ms,
      endMs: r.end_ms,
      headingPath: r.heading_path,
      page: r.page,
      score: Number(r.score),
    }));
  }
}
