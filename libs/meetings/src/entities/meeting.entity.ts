import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import { type MeetingStatus } from './meeting-status';
import type { Participant } from './participant';

@Entity('meetings')
@Check('ck_meetings_status', `"status" IN ('scheduled', 'live', 'completed', 'cancelled')`)
@Check('ck_meetings_schedule', `"scheduled_end_at" IS NULL OR "scheduled_start_at" IS NULL OR "scheduled_end_at" >= "scheduled_start_at"`)
@Index('ix_meetings_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('ix_meetings_tenant_starts', ['tenantId', 'startsAt', 'id'])
export class Meeting extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: MeetingStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  scheduledStartAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  scheduledEndAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  /**
   * When the meeting happens for sorting and date filters: when it started,
   * else when it is scheduled, else when it was created. Kept by the service
   * rather than computed in every query, so it can be indexed for keyset paging.
   */
  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'varchar', length: 35, nullable: true })
  language: string | null;

  @Index('ix_meetings_tags', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Index('ix_meetings_participants', { synchronize: false })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  participants: Participant[];

  @Index()
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  /** Bumped by every transcript change, so transcript events carry a gap-detectable version too. */
  @Column({ type: 'integer', default: 0 })
  transcriptRevision: number;

  @Index('ix_meetings_search', { synchronize: false })
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')`,
  })
  searchVector: string;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: unknown;
}
