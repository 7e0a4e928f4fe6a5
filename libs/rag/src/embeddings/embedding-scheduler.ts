import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@quorum/platform';
import { configuredDenseModel, modelKey } from './dense-model';
import { EmbeddingQueue } from './embedding.queue';

/**
 * Queues embedding runs, only when a remote embeddings model is configured: a tenant's after its passages change
 * (debounced, so a live meeting's re-indexing every 10 s makes one run each time), and at start-up a sweep over the
 * tenants whose vectors are missing or of another model (a model change). Never awaited by the change it follows.
 */
@Injectable()
export class EmbeddingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rag');
  private readonly model: string | null;
  /** The window each tenant was last queued for by this process, so a burst reaches the store once. */
  private readonly queued = new Map<string, number>();
  /** A tenant's changes within this many milliseconds (RAG_EMBEDDING_DEBOUNCE_MS) make one embedding run, at the window's end. */
  private readonly debounceMs: number;

  constructor(
    config: AppConfig,
    private readonly queue: EmbeddingQueue,
  ) {
    const ref = configuredDenseModel(config.ai);
    this.model = ref ? modelKey(ref) : null;
    this.debounceMs = config.ragDebounce.embeddingMs;
  }

  /** Whether a remote embeddings model is configured, i.e. whether there is a dense leg to feed. */
  get enabled(): boolean {
    return this.model !== null;
  }

  onApplicationBootstrap(): void {
    if (!this.model) return;
    // Instances starting within the same minute queue one sweep; each sweep's tenant runs are deduplicated too.
    const minute = Math.floor(Date.now() / 60_000);
    this.queue
      .enqueue({ kind: 'sweep' }, { key: ['sweep', this.model, minute], as: null })
      .catch((error: Error) =>
        this.logger.warn({ err: error }, 'could not queue the embeddings sweep; tenants are embedded as they change or query'),
      );
  }

  /** The tenant's passages changed or its vectors are behind: embed what is missing at the end of the current window. */
  tenantChanged(tenantId: string): void {
    if (!this.model) return;
    const now = Date.now();
    const window = Math.floor(now / this.debounceMs);
    if (this.queued.get(tenantId) === window) return;
    if (this.queued.size >= 5000) for (const [id, seen] of this.queued) if (seen < window) this.queued.delete(id);
    this.queued.set(tenantId, window);
    this.queue
      .enqueue(
        { kind: 'tenant', tenantId },
        { key: ['tenant', tenantId, this.model, window], delayMs: (window + 1) * this.debounceMs - now, as: null },
      )
      .catch((error: Error) => {
        this.queued.delete(tenantId);
        this.logger.warn({ err: error, tenantId }, 'could not queue the embedding of new passages');
      });
  }
}
