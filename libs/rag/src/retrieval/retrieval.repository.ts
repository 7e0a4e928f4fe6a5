import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import type { ChunkSourceType } from '../chunks/entities/rag-chunk.entity';
import { buildLexicalQuery, type LexicalFilters } from './lexical-query';

/** A passage as the lexical leg returns it. */
export interface LexicalHit {
  id: string;
  sourceType: ChunkSourceType;
  sourceId: string;
  chunkIndex: number;
  title: string;
  body: string;
  segmentIds: string[] | null;
  speakers: string[] | null;
  startMs: number | null;
  endMs: number | null;
  headingPath: string[] | null;
  page: number | null;
  score: number;
}

/** A passage row as both legs' statements select it. */
export interface HitRow {
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

/** Runs the retrieval legs' SQL; the tenant is a parameter of every part of every statement. */
@Injectable()
export class RetrievalRepository {
  constructor(private readonly transactions: Transactions) {}

  async lexical(tenantId: string, query: string, topK: number, filters: LexicalFilters): Promise<LexicalHit[]> {
    const { sql, params } = buildLexicalQuery({ tenantId, query, topK, filters });
    const rows = (await this.transactions.manager.query(sql, params)) as HitRow[];
    return rows.map(toHit);
  }
}

/** A selected passage row as the service reads it (ids of a bigint column come back as strings). */
export function toHit(r: HitRow): LexicalHit {
  return {
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
  };
}
