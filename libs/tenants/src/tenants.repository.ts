import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import { type Repository } from 'typeorm';
import { Tenant } from './entities/tenant.entity';

/** The tenants table. Not tenant-scoped: a tenant is the scope. */
@Injectable()
export class TenantsRepository {
  constructor(private readonly transactions: Transactions) {}

  private get tenants(): Repository<Tenant> {
    return this.transactions.manager.getRepository(Tenant);
  }

  findById(id: string): Promise<Tenant | null> {
    return this.tenants.findOneBy({ id });
  }

  insert(name: string): Promise<Tenant> {
    return this.tenants.save(this.tenants.create({ name, ipAllowlist: [] }));
  }

  save(tenant: Tenant): Promise<Tenant> {
    return this.tenants.save(tenant);
  }
}
