import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * The trail of domain events rules can be triggered by, kept as they happened (the entity's state in the event),
 * so event-triggered evaluation reads a durable copy and replay can evaluate a version against the past.
 */
@Entity('rule_events')
@Index('ix_rule_events_tenant_occurred', ['tenantId', 'occurredAt', 'id'])
export class RuleEvent {
  /** The domain event's own id: logging the same event twice keeps one row. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column('uuid')
  entityId: string;

  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
