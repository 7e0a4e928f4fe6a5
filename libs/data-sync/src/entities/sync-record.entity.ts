import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';

/**
 * A record synced with a source: (source, stream, external id) ↔ the local entity (a meeting, an action item). It keeps
 * both sides as they were at the last sync (`remoteFields`, `localFields`): a field changed on one side since then
 * flows to the other, a field changed on both is decided by its owner or becomes a conflict. A record read back with
 * the fields Quorum pushed is unchanged (loop prevention), as is one read again with the same content (`contentHash`).
 */
@Entity('sync_records')
@Unique('uq_sync_records_key', ['sourceId', 'stream', 'externalId'])
@Index('ix_sync_records_occurs', ['sourceId', 'stream', 'occursAt'])
@Index('ix_sync_records_local', ['sourceId', 'stream', 'localId'])
@Index('ix_sync_records_push_pending', ['sourceId', 'stream'], { where: 'push_pending' })
export class SyncRecord extends TenantOwnedEntity {
  @Column('uuid')
  sourceId: string;

  @Column({ type: 'varchar', length: 100 })
  stream: string;

  @Column({ type: 'varchar', length: 1000 })
  externalId: string;

  @Column('uuid', { nullable: true })
  localId: string | null;

  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  /** Where the record sits in a windowed stream (an occurrence's start): records gone from inside the window are deleted. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  occursAt: Date | null;

  /** The remote record's fields as last read or written (after the stream's transformation rules). */
  @Column('jsonb', { nullable: true })
  remoteFields: Record<string, unknown> | null;

  /** The local entity's fields when last synced; null: never agreed (every local field counts as changed). */
  @Column('jsonb', { nullable: true })
  localFields: Record<string, unknown> | null;

  /** The source's version stamp (an ETag) as last seen, for conditional writes. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  version: string | null;

  /** Local values must be written to the source on the next push (a conflict resolved as `local` or `merged`). */
  @Column({ type: 'boolean', default: false })
  pushPending: boolean;

  /** Gone from the source (or cancelled there); its local entity was cancelled. */
  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('SyncSource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: unknown;
}
