import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';

export class ListSyncConflictsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the conflicts of this source' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Default: both' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';
}
