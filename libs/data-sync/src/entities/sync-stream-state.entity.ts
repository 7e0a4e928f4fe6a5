import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';

/** A stream's cursor (the connector's own shape, e.g. an ETag), written in the transaction of the records it covers. */
@Entity('sync_stream_states')
@Unique('uq_sync_stream_states_source_stream', ['sourceId', 'stream'])
export class SyncStreamState extends TenantOwnedEntity {
  @Column('uuid')
  sourceId: string;

  @Column({ type: 'varchar', length: 100 })
  stream: string;

  @Column('jsonb')
  state: Record<string, unknown>;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('SyncSource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: unknown;
}
