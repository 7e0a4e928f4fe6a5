import { Injectable, Logger } from '@nestjs/common';
import { AiService } from '@quorum/ai';
import { AppConfig, JobProcessor, type RunningJob } from '@quorum/platform';
import { unitVector } from '../retrieval/dense-query';
import { configuredDenseModel, modelKey } from './dense-model';
import { EmbeddingScheduler } from './embedding-scheduler';
import { type EmbeddingJobInput, type EmbeddingJobResult, EmbeddingQueue } from './embedding.queue';
import { RagEmbeddingsRepository } from './rag-embeddings.repository';

/** Passages per embeddings call: well within every provider's batch limit (OpenAI 2,048 inputs, Gemini 100). */
const BATCH = 64;
/** Characters of a passage sent to the model; passages are ~150 words, so only an outsized one is cut. */
const MAX_CHARS = 8_000;

/**
 * Embeds one tenant's passages that lack a vector of the configured model, batch by batch through AiService.embed
 * (so each call is budgeted, retried and recorded in ai_usage), and, once that model covers every passage, drops
 * the vectors of older models, which served queries meanwhile. Only the configured model may answer: a fallback
 * along the chain (another provider, `local`) would store vectors that cannot be compared, so the run fails and is
 * retried instead. Safe to repeat: what is already embedded is skipped.
 */
@Injectable()
export class EmbeddingProcessor extends JobProcessor<EmbeddingJobInput, EmbeddingJobResult> {
  readonly queue = EmbeddingQueue;
  private readonly logger = new Logger('Rag');

  constructor(
    private readonly config: AppConfig,
    private readonly ai: AiService,
    private readonly embeddings: RagEmbeddingsRepository,
    private readonly scheduler: EmbeddingScheduler,
  ) {
    super();
  }

  async process(job: RunningJob<EmbeddingJobInput>): Promise<EmbeddingJobResult> {
    const ref = configuredDenseModel(this.config.ai);
    if (!ref) return { embedded: 0 };
    const model = modelKey(ref);
    if (job.input.kind === 'sweep') {
      const tenants = await this.embeddings.tenantsBehind(model);
      for (const tenantId of tenants) this.scheduler.tenantChanged(tenantId);
      if (tenants.length) this.logger.log({ model, tenants: tenants.length }, 'queued embedding runs for tenants behind the model');
      return { embedded: 0, tenants: tenants.length };
    }
    const { tenantId } = job.input;
    let embedded = 0;
    let after: string | null = null;
    for (;;) {
      job.signal.throwIfAborted();
      const batch = await this.embeddings.missing(tenantId, model, BATCH, after);
      if (!batch.length) break;
      const answer = await this.ai.embed(
        batch.map((passage) => passage.body.slice(0, MAX_CHARS)),
        { tenantId, userId: null },
        [ref],
      );
      if (answer.provider !== ref.provider) {
        const why = answer.skipped.map((step) => `${step.provider}: ${step.reason}`).join('; ');
        throw new Error(`${model} did not answer (${why || 'unknown'}); the embedding run is retried later`);
      }
      await this.embeddings.store(
        tenantId,
        model,
        batch.map((passage, i) => ({ chunkId: passage.id, vector: unitVector(answer.vectors[i]) })),
      );
      embedded += batch.length;
      after = batch[batch.length - 1].id;
    }
    const { chunks, models } = await this.embeddings.coverage(tenantId);
    const mine = models.filter((c) => c.model === model).reduce((sum, c) => sum + c.vectors, 0);
    if (mine >= chunks && models.some((c) => c.model !== model)) {
      const dropped = await this.embeddings.dropOtherModels(tenantId, model);
      this.logger.log({ tenantId, model, dropped }, 'the new embeddings model covers the tenant; older vectors dropped');
    }
    return { embedded };
  }
}
