import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const SYNC_CONFLICT_RESOLUTIONS = ['local', 'remote', 'merged'] as const;
export type SyncConflictResolution = (typeof SYNC_CONFLICT_RESOLUTIONS)[number];

/**
 * A field both sides changed since the last sync, to different values, with no owner to decide: the local value stays
 * until an admin resolves it. One open conflict per (source, stream, record, field); a newer remote value updates it.
 */
@Entity('sync_conflicts')
@Check('ck_sync_conflicts_resolution', `"resolution" IS NULL OR "resolution" IN ('local', 'remote', 'merged')`)
@Index('ux_sync_conflicts_open', ['sourceId', 'stream', 'externalId', 'field'], { unique: true, where: '"resolved_at" IS NULL' })
@Index('ix_sync_conflicts_tenant_created', ['tenantId', 'createdAt', 'id'])
export class SyncConflict extends TenantOwnedEntity {
  @Column('uuid')
  sourceId: string;

  @Column({ type: 'varchar', length: 100 })
  stream: string;

  @Column({ type: 'varchar', length: 1000 })
  externalId: string;

  /** The local entity (its type is the stream's entity). */
  @Column('uuid')
  localId: string;

  @Column({ type: 'varchar', length: 16 })
  entity: string;

  @Column({ type: 'varchar', length: 100 })
  field: string;

  @Column('jsonb', { nullable: true })
  localValue: unknown;

  @Column('jsonb', { nullable: true })
  remoteValue: unknown;

  /** The value both sides had at the last sync. */
  @Column('jsonb', { nullable: true })
  baseValue: unknown;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution: SyncConflictResolution | null;

  @Column('jsonb', { nullable: true })
  resolvedValue: unknown;

  @Column('uuid', { nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('SyncSource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'resolved_by' })
  resolver?: unknown;
}
