import { JobQueue, type JobResult } from '@quorum/platform';

export interface SyncRunInput {
  sourceId: string;
  trigger: 'manual' | 'schedule';
}

export interface SyncRunResult extends JobResult {
  runId?: string;
  status?: string;
}

/**
 * One run of one source. A run retries its fetches itself and records its failure, so the job has a single attempt:
 * the next scheduled tick (or a manual run) is the retry.
 */
export class SyncRunQueue extends JobQueue<SyncRunInput, SyncRunResult> {
  static readonly definition = { name: 'sync-run', attempts: 1, backoffMs: 5000 };
}

/** The scheduler id of a source's schedule. */
export const syncSchedulerId = (sourceId: string): string => `sync-source:${sourceId}`;
