import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional } from 'class-validator';
import { USAGE_GROUPS, type UsageGroup } from '../ai-usage.repository';

export class UsageQueryDto {
  @ApiPropertyOptional({
    description: 'Start (inclusive); default the first day of the current month, UTC',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'End (exclusive); default now', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ enum: USAGE_GROUPS, default: 'provider', description: 'How to group the sums; `day` is the UTC calendar day' })
  @IsOptional()
  @IsIn(USAGE_GROUPS)
  groupBy?: UsageGroup;
}
