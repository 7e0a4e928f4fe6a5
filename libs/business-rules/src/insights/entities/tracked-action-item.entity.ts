import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** One move of an action item's due date, as an action_item.updated event showed it. */
export interface DueDateChange {
  from: string;
  to: string | null;
  at: string;
  version: number;
}

/**
 * An action item as its action_item.created and .updated events described it, kept for the insights: the
 * action-items module records no history of due dates, so each move is appended here when an event shows
 * one. Only the fields the insights read; the action item itself stays the action-items module's.
 */
@Entity('insight_action_items')
@Index('ix_insight_action_items_tenant_assignee', ['tenantId', 'assigneeUserId'])
export class TrackedActionItem {
  @PrimaryColumn('uuid')
  actionItemId: string;

  @Column('uuid')
  tenantId: string;

  @Column('uuid', { nullable: true })
  meetingId: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column('uuid', { nullable: true })
  assigneeUserId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  assigneeName: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  /** The event's version of the item: an older event arriving late changes nothing. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  dueChanges: DueDateChange[];

  /** Goes with the action item however it goes (its meeting's deletion included), event or not. */
  @ManyToOne('ActionItem', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_item_id' })
  actionItem?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
