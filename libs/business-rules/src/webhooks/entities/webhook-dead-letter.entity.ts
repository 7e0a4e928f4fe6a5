import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

/**
 * A message that could not be delivered: its last attempt failed (or the endpoint refused it for good). Kept with
 * its payload, so an admin can send it again once the endpoint is fixed; a redelivery that succeeds removes it.
 */
@Entity('webhook_dead_letters')
@Index('ux_webhook_dead_letters_message', ['webhookId', 'messageId'], { unique: true })
@Index('ix_webhook_dead_letters_webhook_created', ['tenantId', 'webhookId', 'createdAt', 'id'])
export class WebhookDeadLetter extends TenantOwnedEntity {
  @Column('uuid')
  webhookId: string;

  /** The message's `webhook-id`, kept on redelivery so the receiver can drop a copy it did get. */
  @Column({ type: 'varchar', length: 100 })
  messageId: string;

  @Column({ type: 'varchar', length: 100 })
  eventType: string;

  /** When the event happened (the message's `timestamp`). */
  @Column({ type: 'varchar', length: 40 })
  occurredAt: string;

  @Column({ type: 'jsonb' })
  data: unknown;

  /** Attempts made before it was given up. */
  @Column('int')
  attempts: number;

  @Column({ type: 'varchar', length: 500 })
  error: string;

  /** How many times an admin asked to send it again. */
  @Column({ type: 'int', default: 0 })
  redeliveries: number;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('Webhook', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: unknown;
}
