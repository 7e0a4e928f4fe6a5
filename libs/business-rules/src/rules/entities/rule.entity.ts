import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

/**
 * A business rule: its name, whether it runs, and which of its versions is in force. What it does lives in its
 * versions (RuleVersion), which never change once written.
 */
@Entity('rules')
@Index('ix_rules_tenant_created', ['tenantId', 'createdAt', 'id'])
export class Rule extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  /** Off: saved but not evaluated. An admin turns it on or off; a rule that keeps failing is turned off and `pausedReason` set. */
  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  pausedReason: string | null;

  /** The version in force, and the number of the latest one. */
  @Column('uuid', { nullable: true })
  activeVersionId: string | null;

  @Column({ type: 'int', default: 0 })
  latestVersion: number;

  /** Evaluations in a row that threw or whose actions failed; reset by one that succeeds. */
  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  /** The admin whose authority the rule's actions carry: the last to save it. */
  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  /** Bumped by every change; the ETag and If-Match of the rule. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id' })
  actor?: unknown;
}
