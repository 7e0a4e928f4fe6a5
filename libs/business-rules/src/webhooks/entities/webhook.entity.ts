import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';

/**
 * An HTTP endpoint of the tenant's that receives the events it subscribes to, signed per the Standard
 * Webhooks spec. The secret is kept as given to the admin (`whsec_` and base64), since signing needs
 * it: it is shown once, at creation, and never again.
 */
@Entity('webhooks')
export class Webhook extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Event types delivered, e.g. `action_item.updated`; `*` for every type. */
  @Column({ type: 'varchar', length: 100, array: true })
  eventTypes: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 100 })
  secret: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: unknown;
}
