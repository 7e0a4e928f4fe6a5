import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantRepositoryModule } from '@quorum/platform';
import { AuditLog } from './audit/audit-log.entity';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditLogsController } from './audit/audit-logs.controller';
import { AuditService } from './audit/audit.service';
import { Invitation } from './entities/invitation.entity';
import { Membership } from './entities/membership.entity';
import { Tenant } from './entities/tenant.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembershipsRepository } from './memberships.repository';
import { MembersService } from './members.service';
import { TenantsController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Tenant, Membership, Invitation, AuditLog]),
    TenantRepositoryModule.forFeature([
      { entity: Membership, resourceName: 'Member' },
      { entity: Invitation, resourceName: 'Invitation' },
      { entity: AuditLog, resourceName: 'Audit log' },
    ]),
  ],
  controllers: [TenantsController, MembersController, InvitationsController, AuditLogsController],
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
  exports: [TenantsService, InvitationsService, AuditService],
})
export class TenantsModule {}
