import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';
import { INSIGHT_KINDS, type InsightKind } from '../insight-kinds';

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class ListInsightsQuery extends PageQueryDto {
  @ApiPropertyOptional({
    description: `One or more kinds, comma-separated: ${INSIGHT_KINDS.join(', ')}`,
    example: 'overdue-assignee',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(INSIGHT_KINDS.length)
  @IsIn(INSIGHT_KINDS, { each: true })
  kind?: InsightKind[];
}
