import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ConditionNode, RuleAction, RuleEntity, RuleTrigger } from '../rule-definition';

/** One version of a rule: what it is triggered by, what it checks, what it does. Written once, never changed. */
@Entity('rule_versions')
@Index('ux_rule_versions_number', ['ruleId', 'number'], { unique: true })
export class RuleVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  @Column('uuid')
  ruleId: string;

  @Column({ type: 'int' })
  number: number;

  /** The rule's name and description as this version had them. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 32 })
  entity: RuleEntity;

  /** The event types of an event trigger (empty for a schedule), so the rules an event concerns are found in SQL. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventTypes: string[];

  @Column({ type: 'jsonb' })
  trigger: RuleTrigger;

  @Column({ type: 'jsonb' })
  conditions: ConditionNode;

  @Column({ type: 'jsonb' })
  actions: RuleAction[];

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne('Rule', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_id' })
  rule?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
