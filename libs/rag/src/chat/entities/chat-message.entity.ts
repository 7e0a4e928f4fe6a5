import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Citation } from '../answer/citation';

export const CHAT_ROLES = ['user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];
export const CHAT_MESSAGE_STATUSES = ['complete', 'failed', 'cancelled'] as const;
export type ChatMessageStatus = (typeof CHAT_MESSAGE_STATUSES)[number];

/** One turn of a chat: the user's question, or the answer with the passages it cites. */
@Entity('chat_messages')
@Check('ck_chat_messages_role', `"role" IN ('user', 'assistant')`)
@Check('ck_chat_messages_status', `"status" IN ('complete', 'failed', 'cancelled')`)
@Index('ix_chat_messages_session', ['sessionId', 'createdAt', 'id'])
export class ChatMessage extends TenantOwnedEntity {
  @Column('uuid')
  sessionId: string;

  @Column({ type: 'varchar', length: 16 })
  role: ChatRole;

  @Column({ type: 'text' })
  content: string;

  /** For answers: the passages cited as [n], n from 1. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  citations: Citation[];

  @Column({ type: 'varchar', length: 16, default: 'complete' })
  status: ChatMessageStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  provider: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  model: string | null;

  @ManyToOne('ChatSession', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
