import { ApiProperty } from '@nestjs/swagger';
import { TokenTenantDto } from './token-tenant.dto';
import { UserDto } from './user.dto';

export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: TokenTenantDto, description: 'The tenant this token acts in' })
  tenant: TokenTenantDto;

  @ApiProperty({ type: [TokenTenantDto], description: 'Every tenant you belong to (switch with POST /auth/switch-tenant)' })
  tenants: TokenTenantDto[];

  @ApiProperty({ format: 'uuid' })
  sessionId: string;
}
