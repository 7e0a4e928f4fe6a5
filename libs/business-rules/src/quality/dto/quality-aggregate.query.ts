import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

/** The period of meetings (by when they were held), as the dashboard takes it. */
export class QualityAggregateQuery {
  @ApiPropertyOptional({ description: 'Start of the period (inclusive); default 90 days before `to`', example: '2026-09-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'End of the period (exclusive); default now', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
