import { JobQueue, type ProviderRef } from '@quorum/platform';
import type { AnalysisKind } from './entities/meeting-analysis.entity';

export interface AnalysisJobInput {
  meetingId: string;
  kind: AnalysisKind;
  /** The providers the caller asked for, instead of the configured chains. */
  providers?: ProviderRef[];
}

export interface AnalysisJobResult {
  link: string;
  transcriptRevision: number;
  provider: string;
}

/** Meeting analyses, final and rolling: a job per request, keyed so one meeting never has two of a kind running. */
export class AnalysisQueue extends JobQueue<AnalysisJobInput, AnalysisJobResult> {
  static readonly definition = { name: 'analysis', attempts: 3, backoffMs: 2000 };
}
