import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

/** A conversation of one user with the knowledge base, within a tenant; only its owner sees it. */
@Entity('chat_sessions')
@Index('ix_chat_sessions_owner', ['tenantId', 'userId', 'createdAt', 'id'])
export class ChatSession extends TenantOwnedEntity {
  @Column('uuid')
  userId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Whether the title is final: the client's own, or taken from the first question of a session created without one. */
  @Column({ type: 'boolean', default: true })
  titleGiven: boolean;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: unknown;
}
