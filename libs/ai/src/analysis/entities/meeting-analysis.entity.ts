import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import type { LocalAnalysis } from '../../local/analysis.types';
import type { AnalysisPart } from '../meeting-analyzer';
import { UsdColumn } from '../../usage/usd-column';

/** `final`: the analysis of a meeting's transcript as requested or on completion; `rolling`: the running one of a live meeting. */
export const ANALYSIS_KINDS = ['final', 'rolling'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

/**
 * A meeting's latest analysis of each kind: one row per (meeting, kind), replaced by each run, so its
 * size is bounded by the meetings, not by how often they were analysed. It records the transcript
 * revision it read, so a reader can tell whether the transcript has changed since.
 */
@Entity('meeting_analyses')
@Unique('uq_meeting_analyses_meeting_kind', ['meetingId', 'kind'])
@Check('ck_meeting_analyses_kind', `"kind" IN ('final', 'rolling')`)
export class MeetingAnalysis extends TenantOwnedEntity {
  @Column('uuid')
  meetingId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: AnalysisKind;

  @Column({ type: 'integer' })
  transcriptRevision: number;

  @Column({ type: 'integer' })
  segmentCount: number;

  @Column({ type: 'varchar', length: 32 })
  provider: string;

  @Column({ type: 'varchar', length: 128 })
  model: string;

  /** Who made the summary and who the extraction, with why a remote provider did not, when it did not. */
  @Column({ type: 'jsonb' })
  parts: { summary: AnalysisPart; extraction: AnalysisPart };

  @Column({ type: 'integer', default: 0 })
  tokensIn: number;

  @Column({ type: 'integer', default: 0 })
  tokensOut: number;

  @UsdColumn()
  costUsd: number;

  @Column({ type: 'integer' })
  durationMs: number;

  @Column({ type: 'jsonb' })
  result: LocalAnalysis;

  /** The job that made it, when a job did. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  jobId: string | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('Meeting', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: unknown;
}
