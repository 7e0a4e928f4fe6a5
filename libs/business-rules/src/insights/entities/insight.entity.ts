import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { InsightKind, InsightSeverity } from '../insight-kinds';

/**
 * One finding of the latest insights run of a tenant, with the evidence behind it. A run replaces the tenant's
 * findings: one of the same kind and subject keeps its row (and id), the others are added or removed.
 */
@Entity('insights')
@Index('ux_insights_subject', ['tenantId', 'kind', 'subject'], { unique: true })
@Index('ix_insights_tenant_created', ['tenantId', 'createdAt', 'id'])
@Check('ck_insights_kind', `"kind" IN ('overdue-assignee', 'meeting-without-outcomes', 'meeting-load', 'moving-due-date')`)
@Check('ck_insights_severity', `"severity" IN ('info', 'warning')`)
export class Insight extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 32 })
  kind: InsightKind;

  /** What it is about: an assignee, a person's e-mail, a meeting or an action item. */
  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  severity: InsightSeverity;

  @Column({ type: 'jsonb' })
  evidence: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3 })
  computedAt: Date;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
