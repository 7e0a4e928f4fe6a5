import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_RULES } from '../passwords';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Analytical-Engine-1843', description: PASSWORD_RULES, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    example: 'Analytical Engines Ltd',
    description: 'Name of the new tenant you will own (default: "<name>\'s team"); ignored with invitationToken',
    maxLength: 200,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  tenantName?: string;

  @ApiPropertyOptional({ description: 'Join the inviting tenant instead of creating one', maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  invitationToken?: string;
}
