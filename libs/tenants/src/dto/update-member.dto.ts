import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@quorum/platform';
import { IsIn } from 'class-validator';

export class UpdateMemberDto {
  @ApiProperty({ enum: ROLES, example: 'member', description: 'Only owners may grant or take away the owner role' })
  @IsIn(ROLES)
  role: Role;
}
