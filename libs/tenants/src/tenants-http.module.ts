import { Module } from '@nestjs/common';
import { TenantsController } from './tenants.controller';
import { MembersController } from './members.controller';
import { InvitationsController } from './invitations.controller';
import { AuditLogsController } from './audit/audit-logs.controller';
import { TenantsModule } from './tenants.module';

/**
 * The HTTP routes of tenants, members, invitations and the audit log, over TenantsModule's services.
 * The api imports this; the worker imports TenantsModule alone, so it
 * serves none of these routes.
 */
@Module({ imports: [TenantsModule], controllers: [TenantsController, MembersController, InvitationsController, AuditLogsController] })
export class TenantsHttpModule {}
