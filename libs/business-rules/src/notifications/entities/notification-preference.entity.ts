import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';

/**
 * Which channels one member wants for one notification type (`*`: every type without a row of its
 * own). No row at all means both channels, so a member hears of things until they say otherwise.
 */
@Entity('notification_preferences')
@Unique('uq_notification_preferences_user_type', ['tenantId', 'userId', 'type'])
export class NotificationPreference extends TenantOwnedEntity {
  @Column('uuid')
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'boolean' })
  inApp: boolean;

  @Column({ type: 'boolean' })
  email: boolean;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: unknown;
}
