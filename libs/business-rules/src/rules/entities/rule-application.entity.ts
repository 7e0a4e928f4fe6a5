import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ConditionExplanation } from '../conditions/evaluate-conditions';
import type { ActionOutcome } from '../actions/action-outcome';

export const APPLICATION_STATUSES = ['running', 'fired', 'failed', 'error'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * One evaluation of a rule version that fired (or broke), with why: each condition's fact value, operator,
 * expected value and result, and each action's outcome. The unique key is the at-most-once guarantee: a retried
 * job, a second worker or an event delivered twice finds the row and does nothing.
 */
@Entity('rule_applications')
@Index('ux_rule_applications_once', ['ruleVersionId', 'entityId', 'window'], { unique: true })
@Index('ix_rule_applications_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('ix_rule_applications_rule', ['ruleId', 'createdAt'])
@Check('ck_rule_applications_status', `"status" IN ('running', 'fired', 'failed', 'error')`)
export class RuleApplication {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  @Column('uuid')
  ruleId: string;

  @Column('uuid')
  ruleVersionId: string;

  @Column({ type: 'int' })
  ruleVersionNumber: number;

  /** The event type, or `schedule`. */
  @Column({ type: 'varchar', length: 64 })
  trigger: string;

  /** The trigger window: the event's id, or the schedule's period (`once`, or the period's start). */
  @Column({ type: 'varchar', length: 64 })
  window: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column('uuid')
  entityId: string;

  @Column('uuid', { nullable: true })
  eventId: string | null;

  /**
   * running: claimed, its actions under way (or cut short by a crash: at most once means they are not run again);
   * fired: every action succeeded; failed: an action failed; error: the evaluation itself broke.
   */
  @Column({ type: 'varchar', length: 16 })
  status: ApplicationStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  conditions: ConditionExplanation[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  actions: ActionOutcome[];

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne('Rule', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_id' })
  rule?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
