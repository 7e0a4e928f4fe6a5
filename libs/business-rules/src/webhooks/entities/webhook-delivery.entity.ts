import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { WebhookDeliveryOutcome } from './webhook-delivery-outcome';

/** One attempt to deliver one message to one webhook: what the endpoint answered, how long it took, or why it failed. */
@Entity('webhook_deliveries')
@Check('ck_webhook_deliveries_outcome', `"outcome" IN ('succeeded', 'retrying', 'failed')`)
@Index('ix_webhook_deliveries_webhook_created', ['tenantId', 'webhookId', 'createdAt', 'id'])
export class WebhookDelivery extends TenantOwnedEntity {
  @Column('uuid')
  webhookId: string;

  /** The `webhook-id` header: the same for every attempt at one message, so receivers can drop repeats. */
  @Column({ type: 'varchar', length: 100 })
  messageId: string;

  @Column({ type: 'varchar', length: 100 })
  eventType: string;

  /** 1 for the first attempt. */
  @Column('int')
  attempt: number;

  @Column({ type: 'varchar', length: 16 })
  outcome: WebhookDeliveryOutcome;

  /** The endpoint's status code; null when no answer came (refused, network error, timeout). */
  @Column({ type: 'smallint', nullable: true })
  statusCode: number | null;

  @Column('int')
  durationMs: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('Webhook', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: unknown;
}
