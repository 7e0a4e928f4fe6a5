import { Injectable, Logger } from '@nestjs/common';
import { AiService } from '@quorum/ai';
import { AppConfig } from '@quorum/platform';
import { configuredDenseModel, modelKey, refOf, servingModel } from '../embeddings/dense-model';
import { EmbeddingScheduler } from '../embeddings/embedding-scheduler';
import { RagEmbeddingsRepository } from '../embeddings/rag-embeddings.repository';
import { DenseRepository } from './dense.repository';
import { unitVector } from './dense-query';
import type { LexicalFilters } from './lexical-query';
import type { LexicalHit } from './retrieval.repository';

/** Why the dense leg did not run for a query that could have had one. */
export type DenseSkip = 'not-embedded' | 'unavailable';

export type DenseOutcome = { ran: true; model: string; hits: LexicalHit[] } | { ran: false; reason: DenseSkip | 'not-configured' };

/**
 * The dense leg of a search: which model serves the tenant (dense-model.ts, servingModel), the question embedded
 * by that model (one AiService.embed call: budgeted, recorded in ai_usage), and the passages nearest to it. When
 * the model cannot embed the question (down, circuit open, over budget: the chain fell back to another provider or
 * `local`), the leg is skipped and the search goes on with the lexical leg alone; it never fails the request.
 */
@Injectable()
export class DenseLeg {
  private readonly logger = new Logger('Rag');
  private readonly configured: string | null;

  constructor(
    config: AppConfig,
    private readonly ai: AiService,
    private readonly embeddings: RagEmbeddingsRepository,
    private readonly repository: DenseRepository,
    private readonly scheduler: EmbeddingScheduler,
  ) {
    const ref = configuredDenseModel(config.ai);
    this.configured = ref ? modelKey(ref) : null;
  }

  get configuredModel(): string | null {
    return this.configured;
  }

  async search(tenantId: string, query: string, topK: number, filters: LexicalFilters): Promise<DenseOutcome> {
    if (!this.configured) return { ran: false, reason: 'not-configured' };
    const { chunks, models } = await this.embeddings.coverage(tenantId);
    const serving = servingModel(this.configured, chunks, models);
    // Behind (new passages, or a model change): a run fills the gap in the background; this query uses what there is.
    if (chunks > 0 && (serving?.model !== this.configured || serving.vectors < chunks || models.length > 1))
      this.scheduler.tenantChanged(tenantId);
    if (!serving) return { ran: false, reason: 'not-embedded' };
    const ref = refOf(serving.model);
    let vector: number[];
    try {
      const answer = await this.ai.embed([query], undefined, [ref]);
      if (answer.provider !== ref.provider) return { ran: false, reason: 'unavailable' };
      vector = unitVector(answer.vectors[0]);
    } catch (error) {
      this.logger.warn({ err: error as Error, model: serving.model }, 'the question could not be embedded; lexical leg only');
      return { ran: false, reason: 'unavailable' };
    }
    const hits = await this.repository.dense(tenantId, serving.model, vector, topK, filters);
    return { ran: true, model: serving.model, hits };
  }
}
