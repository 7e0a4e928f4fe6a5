import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

/**
 * Something a member should know, addressed to that member alone. `dedupeKey` makes a notification
 * idempotent per recipient: a retried job or a replayed event that notifies again with the same key
 * adds nothing (the unique index, not a read before the write, decides, so two workers cannot race).
 */
@Entity('notifications')
@Index('ix_notifications_recipient_created', ['tenantId', 'userId', 'createdAt', 'id'])
@Index('ix_notifications_recipient_unread', ['tenantId', 'userId'], { where: '"read_at" IS NULL' })
@Index('ux_notifications_dedupe', ['tenantId', 'userId', 'dedupeKey'], { unique: true })
export class Notification extends TenantOwnedEntity {
  @Column('uuid')
  userId: string;

  /** What happened, as `family.event` (e.g. `action_item.overdue`); preferences are set per type. */
  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;

  /** Where a client takes the reader: a path of the api or of the client's own routes. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  link: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: unknown;
}
