import { JobQueue } from '@quorum/platform';

/**
 * `tenant` re-indexes every source of the job's tenant that has passages, one job each, after its masking rules for the
 * index changed; `generation` (the change's event id) keys those jobs, so a retried fan-out queues nothing twice.
 */
export type IngestionJobInput =
  { kind: 'document'; documentId: string } | { kind: 'meeting'; meetingId: string } | { kind: 'tenant'; generation: string };

export interface IngestionJobResult {
  link?: string;
  chunks: number;
  /** For a `tenant` job: the sources queued for re-indexing. */
  queued?: number;
}

/**
 * Indexing for the knowledge base: a document after its upload, a meeting's transcript and analysis
 * after they change. Keyed by the source (and, for meetings, the transcript revision), so a burst of
 * changes makes one job and a repeated job replaces the same passages.
 */
export class IngestionQueue extends JobQueue<IngestionJobInput, IngestionJobResult> {
  static readonly definition = { name: 'rag-ingestion', attempts: 3, backoffMs: 2000 };
}
