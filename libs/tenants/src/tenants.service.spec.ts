import { type CacheService, FakeTransactions, RequestContext } from '@quorum/platform';
import type { AuditService } from './audit/audit.service';
import { Tenant } from './entities/tenant.entity';
import type { MembershipsRepository } from './memberships.repository';
import type { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

const TENANT = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';
const principal = { userId: USER, tenantId: TENANT, role: 'admin' as const, sessionId: USER };

/** TenantsService against in-memory fakes: the allowlist's cache entry follows the commit, never a rollback. */
describe('TenantsService.setIpAllowlist', () => {
  let transactions: FakeTransactions;
  let cache: { del: jest.Mock; getOrSetNow: jest.Mock };
  let audit: { record: jest.Mock };
  let tenants: { findById: jest.Mock; save: jest.Mock };
  let service: TenantsService;
  const events: string[] = [];

  beforeEach(() => {
    events.length = 0;
    transactions = new FakeTransactions();
    cache = { del: jest.fn(async () => void events.push(`cache.del after ${transactions.commits} commit(s)`)), getOrSetNow: jest.fn() };
    audit = { record: jest.fn(async () => void events.push('audit')) };
    tenants = {
      findById: jest.fn(async () => Object.assign(new Tenant(), { id: TENANT, name: 'Acme', ipAllowlist: [] })),
      save: jest.fn(async (tenant: Tenant) => tenant),
    };
    service = new TenantsService(
      tenants as unknown as TenantsRepository,
      {} as MembershipsRepository,
      transactions,
      cache as unknown as CacheService,
      audit as unknown as AuditService,
    );
  });

  const as = <T>(work: () => Promise<T>) => RequestContext.run(principal, work, { ip: '203.0.113.7' });

  it('drops the cached allowlist once the change has committed', async () => {
    await expect(as(() => service.setIpAllowlist(['203.0.113.0/24']))).resolves.toEqual(['203.0.113.0/24']);
    expect(events).toEqual(['audit', 'cache.del after 1 commit(s)']);
    expect(cache.del).toHaveBeenCalledWith(`tenant:${TENANT}:ip-allowlist`);
  });

  it('keeps the cached allowlist when the change rolls back', async () => {
    audit.record.mockRejectedValue(new Error('audit failed'));
    await expect(as(() => service.setIpAllowlist(['203.0.113.0/24']))).rejects.toThrow('audit failed');
    expect(transactions.rollbacks).toBe(1);
    expect(cache.del).not.toHaveBeenCalled();
  });

  it('refuses a list that would lock the caller out, before touching anything', async () => {
    await expect(as(() => service.setIpAllowlist(['198.51.100.0/24']))).rejects.toMatchObject({ status: 409 });
    expect(tenants.save).not.toHaveBeenCalled();
    expect(cache.del).not.toHaveBeenCalled();
  });
});
