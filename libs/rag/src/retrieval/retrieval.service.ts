import { Injectable } from '@nestjs/common';
import { AppConfig, RequestContext } from '@quorum/platform';
import type { RagQueryDto, RagQueryResultDto, RetrievedPassageDto } from './dto/rag-query.dto';
import { DenseLeg } from './dense-leg';
import type { LexicalFilters } from './lexical-query';
import { type FusionWeights, reciprocalRankFusion, type RetrievalLeg } from './rank-fusion';
import { type LexicalHit, RetrievalRepository } from './retrieval.repository';

const DEFAULT_TOP_K = 10;
/** Each leg's list that fusion ranks: deeper than topK, so a passage second-best in both legs is not cut by either. */
const FUSION_DEPTH = 50;

/**
 * Answers a search over the tenant's passages: the lexical leg (BM25 in PostgreSQL, lexical-query.ts) and, when a
 * remote embeddings model is configured and has vectors for the tenant, the dense leg (dense-leg.ts), fused by
 * reciprocal rank with configurable weights (RAG_FUSION_*). With no dense leg the lexical answer is returned as is.
 */
@Injectable()
export class RetrievalService {
  private readonly weights: FusionWeights;

  constructor(
    private readonly repository: RetrievalRepository,
    private readonly dense: DenseLeg,
    config: AppConfig,
  ) {
    this.weights = config.ragFusion;
  }

  async search(dto: RagQueryDto): Promise<RagQueryResultDto> {
    const tenantId = RequestContext.tenantId();
    const topK = dto.topK ?? DEFAULT_TOP_K;
    const filters = lexicalFilters(dto);
    if (!this.dense.configuredModel) {
      const hits = await this.repository.lexical(tenantId, dto.query, topK, filters);
      return { passages: hits.map((hit) => toPassage(hit, hit.score, ['lexical'])), legs: ['lexical'] };
    }
    const depth = Math.max(topK, FUSION_DEPTH);
    const [lexical, dense] = await Promise.all([
      this.repository.lexical(tenantId, dto.query, depth, filters),
      this.dense.search(tenantId, dto.query, depth, filters),
    ]);
    if (!dense.ran) {
      return {
        passages: lexical.slice(0, topK).map((hit) => toPassage(hit, hit.score, ['lexical'])),
        legs: ['lexical'],
        ...(dense.reason === 'not-configured' ? {} : { dense: { skipped: dense.reason } }),
      };
    }
    const fused = reciprocalRankFusion({ lexical, dense: dense.hits }, this.weights).slice(0, topK);
    return {
      passages: fused.map((f) => toPassage(f.item, f.score, f.legs, 6)),
      legs: ['lexical', 'dense'],
      dense: { model: dense.model },
    };
  }
}

function lexicalFilters(dto: RagQueryDto): LexicalFilters {
  const filters = dto.filters ?? {};
  const sourceIds = [...(filters.meetingIds ?? []), ...(filters.documentIds ?? [])];
  return {
    ...(filters.sourceTypes?.length ? { sourceTypes: filters.sourceTypes } : {}),
    ...(sourceIds.length ? { sourceIds } : {}),
    ...(filters.speakers?.length ? { speakers: filters.speakers } : {}),
    ...(filters.tags?.length ? { tags: filters.tags } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

/** Fused scores are small (1/61 at best per leg), so they keep 6 digits; BM25's keep 4. */
function toPassage(hit: LexicalHit, score: number, legs: RetrievalLeg[], digits = 4): RetrievedPassageDto {
  const document = hit.sourceType === 'document';
  return {
    id: hit.id,
    score: Math.round(score * 10 ** digits) / 10 ** digits,
    legs,
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
