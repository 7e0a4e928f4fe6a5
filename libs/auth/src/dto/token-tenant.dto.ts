import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@quorum/platform';

export class TokenTenantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Analytical Engines Ltd' })
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}
