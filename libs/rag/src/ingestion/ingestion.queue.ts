import { JobQueue } from '@quorum/platform';

export type IngestionJobInput = { kind: 'document'; documentId: string } | { kind: 'meeting'; meetingId: string };

export interface IngestionJobResult {
  link?: string;
  chunks: number;
}

/**
 * Indexing for the knowledge base: a document after its upload, a meeting's transcript and analysis
 * after they change. Keyed by the source (and, for meetings, the transcript revision), so a burst of
 * changes makes one job and a repeated job replaces the same passages.
 */
export class IngestionQueue extends JobQueue<IngestionJobInput, IngestionJobResult> {
  static readonly definition = { name: 'rag-ingestion', attempts: 3, backoffMs: 2000 };
}
