import { ApiProperty } from '@nestjs/swagger';
import { TokenTenantDto } from './token-tenant.dto';
import { UserDto } from './user.dto';

/** OAuth2 token response fields (RFC 6749 §5.1), plus who and where you are. */
export class TokenResponseDto {
  @ApiProperty({ description: 'JWT for the Authorization: Bearer header' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expires_in: number;

  @ApiProperty({ description: 'Opaque, single use: exchange it at POST /auth/refresh for the next pair' })
  refresh_token: string;

  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: TokenTenantDto })
  tenant: TokenTenantDto;
}
