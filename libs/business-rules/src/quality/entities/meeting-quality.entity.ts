import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { QualityComponent } from '../quality-score';

/** Someone who attended, as the meeting listed them when its quality was computed (for meeting load per person). */
export interface QualityParticipant {
  email: string;
  name: string;
}

/**
 * A meeting's latest data-quality score, one row per meeting, replaced by each run of the quality job. It also
 * keeps the few facts of the meeting the insights aggregate (when it was held, who attended, whether it produced
 * decisions or action items), as the job read them through the meetings, action-items and AI services, so the
 * insights are SQL over this library's own tables.
 */
@Entity('meeting_quality')
@Index('ix_meeting_quality_tenant_occurred', ['tenantId', 'occurredAt'])
export class MeetingQuality {
  @PrimaryColumn('uuid')
  meetingId: string;

  @Column('uuid')
  tenantId: string;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'jsonb' })
  components: QualityComponent[];

  /** The transcript revision the score was computed at. */
  @Column({ type: 'integer' })
  transcriptRevision: number;

  @Column({ type: 'timestamptz', precision: 3 })
  computedAt: Date;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** When it was held (started, else scheduled, else created). */
  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  participants: QualityParticipant[];

  /** Decisions of the latest final analysis; null when the meeting has not been analysed. */
  @Column({ type: 'integer', nullable: true })
  decisionCount: number | null;

  @Column({ type: 'integer' })
  actionItemCount: number;

  @ManyToOne('Meeting', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
