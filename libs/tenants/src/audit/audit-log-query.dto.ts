import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@quorum/platform';
import { IsDateString, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only entries by this user', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ example: 'auth.login.failed', description: 'Exact action, or a prefix ending in `.*` (e.g. `member.*`)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, { message: 'action must be a dotted action name, optionally ending in .*' })
  action?: string;

  @ApiPropertyOptional({ example: 'membership', description: 'Entity type' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entity?: string;

  @ApiPropertyOptional({ description: 'Entity id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'Until this instant (exclusive)' })
  @IsOptional()
  @IsDateString()
  to?: string;
}
