import { type Role, TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant } from './tenant.entity';

/** A user's role in a tenant. The user side is named by string so this library does not depend on auth. */
@Entity('memberships')
@Unique('uq_memberships_tenant_user', ['tenantId', 'userId'])
@Check('ck_memberships_role', `"role" IN ('owner', 'admin', 'member', 'viewer')`)
export class Membership extends TenantOwnedEntity {
  @Index()
  @Column('uuid')
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: { id: string; email: string; name: string };
}
