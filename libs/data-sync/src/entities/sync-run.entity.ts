import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];
export type SyncRunTrigger = 'manual' | 'schedule' | 'webhook';

/** What one stream of a run did. */
export interface SyncStreamCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  skipped: number;
  failed: number;
  durationMs: number;
  status: 'running' | 'succeeded' | 'failed';
  /** The feed answered 304 Not Modified (or the connector's equivalent): nothing was read. */
  notModified?: boolean;
  reason?: string;
}

export interface SyncLogLine {
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/**
 * One run of a source: per-stream counts and its log lines (the sync audit log). At most one `running` row per
 * source (a partial unique index): a second run that starts meanwhile is recorded as `skipped`.
 */
@Entity('sync_runs')
@Check('ck_sync_runs_status', `"status" IN ('running', 'succeeded', 'failed', 'skipped')`)
@Index('ux_sync_runs_one_running', ['sourceId'], { unique: true, where: `"status" = 'running'` })
@Index('ix_sync_runs_source_started', ['tenantId', 'sourceId', 'startedAt', 'id'])
export class SyncRun extends TenantOwnedEntity {
  @Column('uuid')
  sourceId: string;

  @Column({ type: 'varchar', length: 16 })
  trigger: SyncRunTrigger;

  @Column({ type: 'varchar', length: 16 })
  status: SyncRunStatus;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column('jsonb', { default: {} })
  streams: Record<string, SyncStreamCounts>;

  @Column('jsonb', { default: [] })
  log: SyncLogLine[];

  @Column({ type: 'varchar', length: 100, nullable: true })
  jobId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('SyncSource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: unknown;
}
