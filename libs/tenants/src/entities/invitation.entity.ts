import { type Role, TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Tenant } from './tenant.entity';

/** A single-use invitation; only the token's hash is stored. */
@Entity('invitations')
@Check('ck_invitations_role', `"role" IN ('admin', 'member', 'viewer')`)
export class Invitation extends TenantOwnedEntity {
  @Column({ type: 'citext' })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Index({ unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Index()
  @Column('uuid', { nullable: true })
  invitedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by' })
  inviter?: unknown;
}
