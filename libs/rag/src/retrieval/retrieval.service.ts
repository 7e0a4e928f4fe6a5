import { Injectable } from '@nestjs/common';
import { RequestContext } from '@quorum/platform';
import type { RagQueryDto, RagQueryResultDto, RetrievedPassageDto } from './dto/rag-query.dto';
import { type LexicalHit, RetrievalRepository } from './retrieval.repository';

const DEFAULT_TOP_K = 10;

/**
 * Answers a search over the tenant's passages. Today the lexical leg (BM25 in PostgreSQL, see
 * lexical-query.ts); a dense leg and their fusion join here when an embeddings provider is configured.
 */
@Injectable()
export class RetrievalService {
  constructor(private readonly repository: RetrievalRepository) {}

  async search(dto: RagQueryDto): Promise<RagQueryResultDto> {
    const tenantId = RequestContext.tenantId();
    const filters = dto.filters ?? {};
    const sourceIds = [...(filters.meetingIds ?? []), ...(filters.documentIds ?? [])];
    const hits = await this.repository.lexical(tenantId, dto.query, dto.topK ?? DEFAULT_TOP_K, {
      ...(filters.sourceTypes?.length ? { sourceTypes: filters.sourceTypes } : {}),
      ...(sourceIds.length ? { sourceIds } : {}),
      ...(filters.speakers?.length ? { speakers: filters.speakers } : {}),
      ...(filters.tags?.length ? { tags: filters.tags } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
    });
    return { passages: hits.map(toPassage) };
  }
}

function toPassage(hit: LexicalHit): RetrievedPassageDto {
  const document = hit.sourceType === 'document';
  return {
    id: hit.id,
    score: Math.round(hit.score * 1e4) / 1e4,
    legs: ['lexical'],
    text: hit.body,
    citation: document
      ? { sourceType: hit.sourceType, title: hit.title, documentId: hit.sourceId, page: hit.page, headingPath: hit.headingPath ?? [] }
      : {
          sourceType: hit.sourceType,
          title: hit.title,
          meetingId: hit.sourceId,
          segmentIds: hit.segmentIds ?? [],
          speakers: hit.speakers ?? [],
          startMs: hit.startMs,
          endMs: hit.endMs,
        },
  };
}
