import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@quorum/platform';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('tenants')
@Controller('tenants/current/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Invite someone by email (admins). The token is shown once and works once, for 7 days.' })
  @ApiCreatedResponse({ type: InvitationDto })
  create(@Body() dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.invitations.create(dto);
  }
}
