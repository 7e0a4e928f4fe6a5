import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Problem, Roles } from '@quorum/platform';
import { IpAllowlistDto } from './dto/ip-allowlist.dto';
import { TenantDto } from './dto/tenant.dto';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@Controller('tenants/current')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @ApiOperation({ summary: 'The tenant the access token acts in, with your role' })
  @ApiOkResponse({ type: TenantDto })
  async get(): Promise<TenantDto> {
    return this.tenants.describeCurrent();
  }

  @Patch()
  @Roles('admin')
  @ApiOperation({ summary: 'Change the current tenant (admins): its name, and whether meetings are analysed when they complete' })
  @ApiOkResponse({ type: TenantDto })
  async update(@Body() dto: UpdateTenantDto): Promise<TenantDto> {
    await this.tenants.updateCurrent(dto);
    return this.tenants.describeCurrent();
  }

  @Get('ip-allowlist')
  @Roles('admin')
  @ApiOperation({ summary: 'Addresses allowed to use this tenant (admins); empty means any' })
  @ApiOkResponse({ type: IpAllowlistDto })
  async getIpAllowlist(): Promise<IpAllowlistDto> {
    return { cidrs: await this.tenants.currentIpAllowlist() };
  }

  @Put('ip-allowlist')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the allowlist (admins). Requests for this tenant from other addresses then get 403.' })
  @ApiOkResponse({ type: IpAllowlistDto })
  @ApiConflictResponse({ type: Problem, description: 'The list would lock out the caller' })
  async putIpAllowlist(@Body() dto: IpAllowlistDto): Promise<IpAllowlistDto> {
    return { cidrs: await this.tenants.setIpAllowlist(dto.cidrs) };
  }
}
