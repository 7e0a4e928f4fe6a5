import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';

/**
 * A record synced from a source: (source, stream, external id) → the local entity (a meeting for `events`), with
 * the hash of the content last written, so a run that reads the same content again changes nothing.
 */
@Entity('sync_records')
@Unique('uq_sync_records_key', ['sourceId', 'stream', 'externalId'])
@Index('ix_sync_records_occurs', ['sourceId', 'stream', 'occursAt'])
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
