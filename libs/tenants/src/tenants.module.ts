import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLog } from './audit/audit-log.entity';
import { AuditLogsController } from './audit/audit-logs.controller';
import { AuditService } from './audit/audit.service';
import { Invitation } from './entities/invitation.entity';
import { Membership } from './entities/membership.entity';
import { Tenant } from './entities/tenant.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Tenant, Membership, Invitation, AuditLog])],
  controllers: [TenantsController, MembersController, InvitationsController, AuditLogsController],
  providers: [TenantsService, MembersService, InvitationsService, AuditService],
  exports: [TenantsService, InvitationsService, AuditService],
})
export class TenantsModule {}
