export * from './audit/audit.service';
export * from './entities/membership.entity';
export * from './entities/tenant.entity';
export * from './invitations.service';
export * from './ip-allowlist/cidr';
export * from './tenant-events';
export * from './tenants.module';
export * from './tenants.service';
