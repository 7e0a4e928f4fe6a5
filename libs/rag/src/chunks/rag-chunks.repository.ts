import { Injectable } from '@nestjs/common';
import { RequestContext, Transactions } from '@quorum/platform';
import type { ChunkSourceType } from './entities/rag-chunk.entity';

/** A passage ready to store; the source and tenant come from the call. */
export interface ChunkRow {
  chunkIndex: number;
  title: string;
  headingPath?: string[];
  body: string;
  words: number;
  page?: number | null;
  segmentIds?: string[];
  speakers?: string[];
  startMs?: number | null;
  endMs?: number | null;
  tags?: string[];
  occurredAt: Date;
}

const COLUMNS = [
  'tenant_id',
  'source_type',
  'document_id',
  'meeting_id',
  'chunk_index',
  'title',
  'heading_path',
  'body',
  'words',
  'page',
  'segment_ids',
  'speakers',
  'start_ms',
  'end_ms',
  'tags',
  'occurred_at',
] as const;
/** Rows per INSERT: 16 parameters each, well under PostgreSQL's 65,535. */
const BATCH = 500;

/**
 * The passages of the caller's tenant. Every statement names the tenant; a source's passages are
 * replaced whole (delete and insert in the caller's transaction), so re-indexing is idempotent.
 */
@Injectable()
export class RagChunksRepository {
  constructor(private readonly transactions: Transactions) {}

  async replace(source: { type: ChunkSourceType; documentId?: string; meetingId?: string }, rows: readonly ChunkRow[]): Promise<void> {
    const tenantId = RequestContext.tenantId();
    const manager = this.transactions.manager;
    if (source.type === 'document')
      await manager.query('DELETE FROM rag_chunks WHERE tenant_id = $1 AND document_id = $2', [tenantId, source.documentId]);
    else
      await manager.query('DELETE FROM rag_chunks WHERE tenant_id = $1 AND meeting_id = $2 AND source_type = $3', [
        tenantId,
        source.meetingId,
        source.type,
      ]);
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const params: unknown[] = [];
      const values = batch.map((row) => {
        const base = params.length;
        params.push(
          tenantId,
          source.type,
          source.documentId ?? null,
          source.meetingId ?? null,
          row.chunkIndex,
          row.title.slice(0, 300),
          row.headingPath ?? [],
          row.body,
          row.words,
          row.page ?? null,
          row.segmentIds ?? [],
          row.speakers ?? [],
          row.startMs ?? null,
          row.endMs ?? null,
          row.tags ?? [],
          row.occurredAt,
        );
        return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      await manager.query(`INSERT INTO rag_chunks (${COLUMNS.join(', ')}) VALUES ${values.join(', ')}`, params);
    }
  }

  /** A document's title and tags travel with its passages (the title is searched, the tags filtered). */
  async retitleDocument(documentId: string, title: string, tags: string[]): Promise<void> {
    await this.transactions.manager.query('UPDATE rag_chunks SET title = $3, tags = $4 WHERE tenant_id = $1 AND document_id = $2', [
      RequestContext.tenantId(),
      documentId,
      title.slice(0, 300),
      tags,
    ]);
  }

  /** A meeting's title changed: its transcript and analysis passages carry it. */
  async retitleMeeting(meetingId: string, title: string): Promise<void> {
    await this.transactions.manager.query('UPDATE rag_chunks SET title = $3 WHERE tenant_id = $1 AND meeting_id = $2', [
      RequestContext.tenantId(),
      meetingId,
      title.slice(0, 300),
    ]);
  }

  /**
   * The caller's tenant's sources that have passages, by id after `after`, at most `limit`: a re-index walks them a
   * page at a time, so a large knowledge base is never read into memory at once.
   */
  async sources(after: string | null, limit: number): Promise<{ id: string; type: 'document' | 'meeting' }[]> {
    const rows: { id: string; document: boolean }[] = await this.transactions.manager.query(
      `SELECT DISTINCT COALESCE(document_id, meeting_id) AS id, document_id IS NOT NULL AS document
         FROM rag_chunks
        WHERE tenant_id = $1 AND ($2::uuid IS NULL OR COALESCE(document_id, meeting_id) > $2::uuid)
        ORDER BY id
        LIMIT $3`,
      [RequestContext.tenantId(), after, limit],
    );
    return rows.map((row) => ({ id: row.id, type: row.document ? 'document' : 'meeting' }));
  }
}
