import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BuiltinRule, CustomRule } from './engine/masking-policy';

/**
 * A tenant's masking rules, one row per tenant, written the first time an admin changes them; a tenant
 * without a row uses the defaults (every built-in detector on), so a new tenant is protected from its first call.
 */
@Entity('masking_policies')
@Index('ux_masking_policies_tenant', ['tenantId'], { unique: true })
export class MaskingPolicyRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Knowledge-base passages are stored masked; off by default, as it changes what search finds. */
  @Column({ type: 'boolean', default: false })
  applyToIndex: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  builtins: BuiltinRule[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  custom: CustomRule[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
