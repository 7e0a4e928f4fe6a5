import { SocketAddress } from 'node:net';
import { Injectable } from '@nestjs/common';
import { CacheService, notFound, ProblemException, RequestContext, Role, thenOrNow, Transactions } from '@quorum/platform';
import { AuditService } from './audit/audit.service';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { Membership } from './entities/membership.entity';
import { Tenant } from './entities/tenant.entity';
import { ipAllowed, parseCidr } from './ip-allowlist/cidr';
import { MembershipsRepository } from './memberships.repository';
import { TenantsRepository } from './tenants.repository';
import { TenantDto } from './dto/tenant.dto';

const ALLOWLIST_TTL_MS = 60_000;
const allowlistKey = (tenantId: string) => `tenant:${tenantId}:ip-allowlist`;

/** `2001:DB8:0::/32` → `2001:db8::/32`, `203.0.113.5` → `203.0.113.5/32`; the input is already validated. */
function canonicalCidr(cidr: string): string {
  const parsed = parseCidr(cidr)!;
  return `${new SocketAddress({ address: parsed.address, family: parsed.family }).address}/${parsed.prefix}`;
}

/**
 * Tenants and the memberships that give users a role in them. Methods that
 * write join the caller's transaction when there is one (registration,
 * accepting an invitation), through the async context.
 */
@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly transactions: Transactions,
    private readonly cache: CacheService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a tenant owned by `userId` (in the caller's transaction, if any). */
  createWithOwner(name: string, userId: string): Promise<Tenant> {
    return this.transactions.run(async () => {
      const tenant = await this.tenants.insert(name);
      await this.addMember(tenant.id, userId, 'owner');
      return tenant;
    });
  }

  /** A tenant by id (it exists: the caller got the id from a membership or an invitation). */
  async byId(tenantId: string): Promise<Tenant> {
    const tenant = await this.tenants.findById(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} does not exist`);
    return tenant;
  }

  /** A user's membership in a given tenant (login and token refresh ask before any tenant context exists). */
  membershipOf(userId: string, tenantId: string): Promise<Membership | null> {
    return this.memberships.findInTenant(userId, tenantId);
  }

  /** Which of these users are members of the current tenant (one query, for lists such as a meeting's participants). */
  async membersAmong(userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    return this.memberships.userIdsAmong(userIds);
  }

  /** Which of these e-mail addresses belong to members of the current tenant: lower-cased address → user id. */
  async memberIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const wanted = emails.map((e) => e.trim()).filter(Boolean);
    if (!wanted.length) return new Map();
    return this.memberships.userIdsByEmail(wanted);
  }

  /**
   * The members of a tenant named by id or by role, with their user (name and e-mail), for work that
   * addresses people outside a request (notifications); ids that are not members are left out.
   */
  membersOf(tenantId: string, { userIds = [], roles = [] }: { userIds?: string[]; roles?: Role[] }): Promise<Membership[]> {
    return this.memberships.among(tenantId, userIds, roles);
  }

  /** Every tenant a user belongs to, oldest first: scoped by the user, since it spans tenants by design. */
  membershipsOfUser(userId: string): Promise<Membership[]> {
    return this.memberships.ofUser(userId);
  }

  /** Adds a user to a tenant (accepting an invitation), in the caller's transaction if any. */
  addMember(tenantId: string, userId: string, role: Role): Promise<Membership> {
    return this.memberships.add(tenantId, userId, role);
  }

  async getCurrent(): Promise<Tenant> {
    const tenant = await this.tenants.findById(RequestContext.tenantId());
    if (!tenant) throw notFound('The current tenant no longer exists.');
    return tenant;
  }

  /** The current tenant as the caller sees it, with the caller's role in it. */
  async describeCurrent(): Promise<TenantDto> {
    return TenantDto.from(await this.getCurrent(), RequestContext.caller().role);
  }

  /** The current tenant's IP allowlist. */
  currentIpAllowlist(): Promise<string[]> {
    return this.ipAllowlist(RequestContext.tenantId());
  }

  async updateCurrent(dto: UpdateTenantDto): Promise<Tenant> {
    const tenant = await this.getCurrent();
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (dto.name !== undefined && dto.name !== tenant.name) {
      changes.name = { from: tenant.name, to: dto.name };
      tenant.name = dto.name;
    }
    if (dto.autoAnalyseMeetings !== undefined && dto.autoAnalyseMeetings !== tenant.autoAnalyseMeetings) {
      changes.autoAnalyseMeetings = { from: tenant.autoAnalyseMeetings, to: dto.autoAnalyseMeetings };
      tenant.autoAnalyseMeetings = dto.autoAnalyseMeetings;
    }
    if (Object.keys(changes).length > 0) {
      await this.transactions.run(async () => {
        await this.tenants.save(tenant);
        await this.audit.record({ action: 'tenant.updated', entityType: 'tenant', entityId: tenant.id, metadata: changes });
      });
    }
    return tenant;
  }

  /** Whether the tenant analyses meetings as they complete (read by the AI module, in jobs and event handlers). */
  async autoAnalyseMeetings(tenantId: string): Promise<boolean> {
    return (await this.tenants.findById(tenantId))?.autoAnalyseMeetings ?? false;
  }

  /** The tenant's allowlist, cached briefly because every authenticated request consults it. */
  async ipAllowlist(tenantId: string): Promise<string[]> {
    return this.allowlistNow(tenantId);
  }

  /** ipAllowlist, answered synchronously when it is in this instance's cache (see CacheService.getOrSetNow). */
  private allowlistNow(tenantId: string): string[] | Promise<string[]> {
    return this.cache.getOrSetNow(
      allowlistKey(tenantId),
      ALLOWLIST_TTL_MS,
      async () => (await this.tenants.findById(tenantId))?.ipAllowlist ?? [],
    );
  }

  /**
   * Token-issuing routes check the allowlist of the tenant they issue for, not just later requests.
   * Throws at once, or returns a promise that rejects, when `ip` is not on it; on a cache hit it
   * answers synchronously, since every authenticated request asks.
   */
  assertIpAllowed(tenantId: string, ip: string | undefined): void | Promise<void> {
    return thenOrNow(this.allowlistNow(tenantId), (cidrs) => assertOnAllowlist(ip, cidrs));
  }

  async setIpAllowlist(cidrs: string[]): Promise<string[]> {
    // Canonical text (bare address → /32 or /128, IPv6 compressed and lower-case) before removing duplicates.
    const normalised = [...new Set(cidrs.map(canonicalCidr))];
    // Saving a list that excludes the admin making the change would lock them out on their next request.
    const ip = RequestContext.ip();
    if (normalised.length > 0 && !ipAllowed(ip, normalised)) {
      throw new ProblemException({
        status: 409,
        slug: 'would-lock-out',
        title: 'Would lock you out',
        detail: `The allowlist does not include your own address (${ip}); add it, or a range containing it, first.`,
      });
    }
    const tenant = await this.getCurrent();
    const previous = tenant.ipAllowlist;
    tenant.ipAllowlist = normalised;
    await this.transactions.run(async () => {
      await this.tenants.save(tenant);
      await this.audit.record({
        action: 'tenant.ip_allowlist_changed',
        entityType: 'tenant',
        entityId: tenant.id,
        metadata: { from: previous, to: tenant.ipAllowlist },
      });
      await this.transactions.afterCommit(() => this.cache.del(allowlistKey(tenant.id)));
    });
    return tenant.ipAllowlist;
  }
}

function assertOnAllowlist(ip: string | undefined, cidrs: string[]): void {
  if (ipAllowed(ip, cidrs)) return;
  throw new ProblemException({
    status: 403,
    slug: 'ip-not-allowed',
    title: 'Address not allowed',
    detail: `This tenant only accepts requests from its IP allowlist; ${ip} is not on it.`,
  });
}
