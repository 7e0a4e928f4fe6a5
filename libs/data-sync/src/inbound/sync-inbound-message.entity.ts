import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A message an inbound webhook source accepted (its `webhook-id`), written in the transaction that applied it: a
 * sender's retry of the same message finds the row and changes nothing. Rows older than the retention are pruned.
 */
@Entity('sync_inbound_messages')
@Index('ix_sync_inbound_messages_received', ['sourceId', 'receivedAt'])
export class SyncInboundMessage {
  @PrimaryColumn('uuid')
  sourceId: string;

  @PrimaryColumn({ type: 'varchar', length: 256 })
  messageId: string;

  @Index()
  @Column('uuid')
  tenantId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  receivedAt: Date;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('SyncSource', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: unknown;
}
