import { Body, Controller, Delete, Get, HttpCode, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, Roles, UuidParam } from '@quorum/platform';
import { MemberDto, MemberPageDto } from './dto/member.dto';
import { UpdateMemberDto } from './dto/update-member.dto';
import { MembersService } from './members.service';

@ApiTags('tenants')
@Controller('tenants/current/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'Members of the current tenant, in joining order' })
  @ApiOkResponse({ type: MemberPageDto })
  list(@Query() query: PageQueryDto): Promise<MemberPageDto> {
    return this.members.list(query);
  }

  @Patch(':userId')
  @Roles('admin')
  @ApiOperation({ summary: "Change a member's role (admins; owners for the owner role). Their sessions in this tenant end." })
  @ApiOkResponse({ type: MemberDto })
  changeRole(@UuidParam('userId') userId: string, @Body() dto: UpdateMemberDto): Promise<MemberDto> {
    return this.members.changeRole(userId, dto.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  // Anyone may leave; removing others is checked in the service (admins, owners for owners).
  @Roles('viewer')
  @ApiOperation({ summary: 'Remove a member, or leave yourself. The last owner cannot be removed.' })
  @ApiNoContentResponse()
  remove(@UuidParam('userId') userId: string): Promise<void> {
    return this.members.remove(userId);
  }
}
