import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@quorum/platform';
import { IsDateString, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/**
 * A calendar date, or a date-time with an optional offset: the ISO 8601 forms PostgreSQL reads as a
 * timestamp. `@IsDateString` alone also passes `2026`, `2026-01`, `2026-W01` or `2026-01-01T10Z`, which
 * the database then rejects (a 500).
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;
const dateTimeMessage = (property: string) =>
  `${property} must be an ISO 8601 date or date-time such as 2026-01-01 or 2026-01-01T00:00:00Z`;

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
  @IsDateString({ strict: true })
  @Matches(DATE_TIME, { message: dateTimeMessage('from') })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'Until this instant (exclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DATE_TIME, { message: dateTimeMessage('to') })
  to?: string;
}
