import { JobQueue } from '@quorum/platform';

/** One tenant's passages that lack a vector of the configured model, or the sweep that finds such tenants. */
export type EmbeddingJobInput = { kind: 'tenant'; tenantId: string } | { kind: 'sweep' };

export interface EmbeddingJobResult {
  /** Never set: the vectors have no page of their own (the field is the status route's, see JobResult). */
  link?: string;
  /** Vectors made by this run. */
  embedded: number;
  /** Tenants the sweep queued. */
  tenants?: number;
}

/**
 * The dense leg's vectors, made in the background (embedding.processor.ts): after a source is indexed, after a
 * model change (the sweep at start-up, or the first query that notices), never in a request.
 */
export class EmbeddingQueue extends JobQueue<EmbeddingJobInput, EmbeddingJobResult> {
  static readonly definition = { name: 'rag-embeddings', attempts: 5, backoffMs: 5000 };
}
