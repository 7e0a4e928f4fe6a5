import { JobQueue } from '@quorum/platform';

export interface QualityJobInput {
  meetingId: string;
}

export interface QualityJobResult {
  link?: string;
  score: number | null;
}

/**
 * Recomputing a meeting's data-quality score. Keyed by the meeting and a short time window (see
 * QualityListener), so a burst of changes makes one job, and a repeated job writes the same row.
 */
export class QualityQueue extends JobQueue<QualityJobInput, QualityJobResult> {
  static readonly definition = { name: 'meeting-quality', attempts: 3, backoffMs: 2000 };
}
