import { ApiProperty } from '@nestjs/swagger';
import type { Role } from '@quorum/platform';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, MaxLength } from 'class-validator';

export const INVITABLE_ROLES = ['admin', 'member', 'viewer'] as const;

export class CreateInvitationDto {
  @ApiProperty({ example: 'grace@example.com', maxLength: 254 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: INVITABLE_ROLES, example: 'member' })
  @IsIn(INVITABLE_ROLES)
  role: Exclude<Role, 'owner'>;
}
