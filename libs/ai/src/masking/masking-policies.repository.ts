import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository } from '@quorum/platform';
import type { MaskingPolicy } from './engine/masking-policy';
import { MaskingPolicyRow } from './masking-policy.entity';

/** The `masking_policies` rows: at most one per tenant. */
@Injectable()
export class MaskingPoliciesRepository {
  constructor(@InjectTenantRepository(MaskingPolicyRow) private readonly rows: TenantRepository<MaskingPolicyRow>) {}

  /** The tenant's stored policy, or null when it has never been changed. Jobs pass their tenant; requests use the caller's. */
  find(tenantId?: string): Promise<MaskingPolicyRow | null> {
    const rows = tenantId ? this.rows.forTenant(tenantId) : this.rows;
    return rows.findOne({ where: {} });
  }

  /** Writes the caller's tenant's policy, creating its row the first time. */
  async save(policy: MaskingPolicy): Promise<void> {
    await this.rows.upsert([{ ...policy, tenantId: this.rows.tenantId }], ['tenantId']);
  }
}
