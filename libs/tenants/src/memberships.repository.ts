import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  type Role,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { In } from 'typeorm';
import { Membership } from './entities/membership.entity';

/** Memberships: the current tenant's, and (for login and /auth/me) a user's across tenants. */
@Injectable()
export class MembershipsRepository {
  constructor(
    @InjectTenantRepository(Membership) private readonly memberships: TenantRepository<Membership>,
    private readonly transactions: Transactions,
  ) {}

  /** The current tenant's members in joining order, with their user. */
  page<T>(request: PageRequest, map: (membership: Membership) => T): Promise<Page<T>> {
    return keysetPage(this.memberships.query('m').leftJoinAndSelect('m.user', 'user'), request, {
      limits: PAGE_LIMITS.standard,
      order: {
        key: 'm.createdAt',
        id: 'm.id',
        direction: 'ASC',
        kind: 'timestamp',
        position: (m) => ({ value: m.createdAt.toISOString(), id: m.id }),
      },
      map,
    });
  }

  /** A member of the current tenant, with their user. */
  findByUser(userId: string): Promise<Membership | null> {
    return this.memberships.findOne({ where: { userId }, relations: { user: true } });
  }

  /** A user's membership in a given tenant, with the tenant. */
  findInTenant(userId: string, tenantId: string): Promise<Membership | null> {
    return this.memberships.forTenant(tenantId).findOne({ where: { userId }, relations: { tenant: true } });
  }

  /** Which of these users are members of the current tenant. */
  async userIdsAmong(userIds: string[]): Promise<Set<string>> {
    const rows = await this.memberships.find({ where: { userId: In([...new Set(userIds)]) }, select: { userId: true } });
    return new Set(rows.map((m) => m.userId));
  }

  /** A tenant's members among `userIds` or holding one of `roles` (either may be empty), with their user. */
  among(tenantId: string, userIds: string[], roles: Role[]): Promise<Membership[]> {
    const where = [
      ...(userIds.length ? [{ userId: In([...new Set(userIds)]) }] : []),
      ...(roles.length ? [{ role: In([...new Set(roles)]) }] : []),
    ];
    if (!where.length) return Promise.resolve([]);
    return this.memberships.forTenant(tenantId).find({ where, relations: { user: true }, order: { userId: 'ASC' } });
  }

  /** Every tenant a user belongs to, oldest first: scoped by the user, since it spans tenants by design. */
  ofUser(userId: string): Promise<Membership[]> {
    return this.transactions.manager
      .getRepository(Membership)
      .find({ where: { userId }, relations: { tenant: true }, order: { createdAt: 'ASC' } });
  }

  /** The current tenant's members with one of these e-mail addresses (compared without case, as users.email is citext): address → user id. */
  async userIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const rows = await this.memberships
      .query('m')
      .innerJoin('m.user', 'u')
      .select(['m.userId AS "userId"', 'u.email AS "email"'])
      .andWhere('u.email IN (:...emails)', { emails: [...new Set(emails)] })
      .getRawMany<{ userId: string; email: string }>();
    return new Map(rows.map((r) => [r.email.toLowerCase(), r.userId]));
  }

  /** Whether someone with this email is already a member of the current tenant. */
  async hasMemberWithEmail(email: string): Promise<boolean> {
    return (await this.memberships.query('m').innerJoin('m.user', 'u').andWhere('u.email = :email', { email }).getCount()) > 0;
  }

  /** The current tenant's owners, locked until the transaction ends (so two demotions cannot both pass the last-owner check). */
  ownersForUpdate(): Promise<Membership[]> {
    return this.memberships.query('m').andWhere('m.role = :role', { role: 'owner' }).setLock('pessimistic_write').getMany();
  }

  /** Adds a user to a tenant. */
  add(tenantId: string, userId: string, role: Role): Promise<Membership> {
    const memberships = this.memberships.forTenant(tenantId);
    return memberships.save(memberships.create({ userId, role }));
  }

  /** Whether a user already belongs to a given tenant. */
  existsInTenant(userId: string, tenantId: string): Promise<boolean> {
    return this.memberships.forTenant(tenantId).exists({ userId });
  }

  save(membership: Membership): Promise<Membership> {
    return this.memberships.save(membership);
  }

  remove(membership: Membership): Promise<void> {
    return this.memberships.remove(membership);
  }
}
