import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantRepositoryModule } from '@quorum/platform';
import { AuditLog } from './audit/audit-log.entity';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditService } from './audit/audit.service';
import { Invitation } from './entities/invitation.entity';
import { Membership } from './entities/membership.entity';
import { Tenant } from './entities/tenant.entity';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { MembershipsRepository } from './memberships.repository';
import { MembersService } from './members.service';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

/**
 * Tenants, memberships, invitations and the audit trail: the services and repositories, no routes
 * (TenantsHttpModule adds them), so any process can use them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Tenant, Membership, Invitation, AuditLog]),
    TenantRepositoryModule.forFeature([
      { entity: Membership, resourceName: 'Member' },
      { entity: Invitation, resourceName: 'Invitation' },
      { entity: AuditLog, resourceName: 'Audit log' },
    ]),
  ],
  providers: [
    TenantsService,
    MembersService,
    InvitationsService,
    AuditService,
    TenantsRepository,
    MembershipsRepository,
    InvitationsRepository,
    AuditLogRepository,
  ],
  exports: [TenantsService, InvitationsService, AuditService, MembersService],
})
export class TenantsModule {}
