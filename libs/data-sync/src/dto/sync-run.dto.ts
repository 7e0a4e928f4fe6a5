import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';
import { SYNC_RUN_STATUSES, type SyncLogLine, type SyncRun, type SyncStreamCounts } from '../entities/sync-run.entity';

/** The counts of one stream (documented in SyncRunDto.streams). */
export class SyncStreamCountsDto implements SyncStreamCounts {
  @ApiProperty() read: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() deleted: number;
  @ApiProperty() skipped: number;
  @ApiProperty({ description: 'Records with a field changed on both sides and no owner: see /sync/conflicts' }) conflicted: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'Local entities written to the source' }) pushed: number;
  @ApiProperty() durationMs: number;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) status: 'running' | 'succeeded' | 'failed';
  @ApiPropertyOptional({ description: 'The source answered "not modified": nothing was read' }) notModified?: boolean;
  @ApiPropertyOptional() reason?: string;
}

export class SyncLogLineDto implements SyncLogLine {
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['info', 'warn', 'error'] }) level: 'info' | 'warn' | 'error';
  @ApiProperty() message: string;
}

export class SyncRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sourceId: string;
  @ApiProperty({ enum: ['manual', 'schedule', 'webhook'] }) trigger: string;
  @ApiProperty({ enum: SYNC_RUN_STATUSES }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it failed or was skipped' }) reason: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Per stream: read, created, updated, unchanged, deleted, skipped, conflicted, failed, pushed, durationMs, status, notModified, reason',
  })
  streams: Record<string, SyncStreamCountsDto>;
  @ApiProperty() startedAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) finishedAt: Date | null;

  static from(r: SyncRun): SyncRunDto {
    return {
      id: r.id,
      sourceId: r.sourceId,
      trigger: r.trigger,
      status: r.status,
      reason: r.reason,
      streams: r.streams,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  }
}

export class SyncRunDetailDto extends SyncRunDto {
  @ApiProperty({ type: [SyncLogLineDto] }) log: SyncLogLineDto[];

  static detail(r: SyncRun): SyncRunDetailDto {
    return { ...SyncRunDto.from(r), log: r.log };
  }
}

export class SyncRunPageDto {
  @ApiProperty({ type: [SyncRunDto] }) items: SyncRunDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListSyncRunsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the runs of this source' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;
}
