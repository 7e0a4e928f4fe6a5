import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SYNC_CONFLICT_RESOLUTIONS, type SyncConflict, type SyncConflictResolution } from '../../entities/sync-conflict.entity';

export class SyncConflictDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  sourceId: string;

  @ApiProperty({ example: 'issues' })
  stream: string;

  @ApiProperty({ description: "The record's id at the source", example: '42' })
  externalId: string;

  @ApiProperty({ enum: ['meeting', 'action_item'] })
  entity: string;

  @ApiProperty({ format: 'uuid', description: 'The local meeting or action item' })
  localId: string;

  @ApiProperty({ example: 'title' })
  field: string;

  @ApiPropertyOptional({ description: 'The value in Quorum', nullable: true })
  localValue: unknown;

  @ApiPropertyOptional({ description: 'The value at the source', nullable: true })
  remoteValue: unknown;

  @ApiPropertyOptional({ description: 'The value both had at the last sync', nullable: true })
  baseValue: unknown;

  @ApiProperty({ enum: ['open', 'resolved'] })
  status: 'open' | 'resolved';

  @ApiPropertyOptional({ enum: SYNC_CONFLICT_RESOLUTIONS, nullable: true, type: String })
  resolution: SyncConflictResolution | null;

  @ApiPropertyOptional({ nullable: true })
  resolvedValue: unknown;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  resolvedBy: string | null;

  @ApiPropertyOptional({ nullable: true, type: Date })
  resolvedAt: Date | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from(c: SyncConflict): SyncConflictDto {
    return {
      id: c.id,
      sourceId: c.sourceId,
      stream: c.stream,
      externalId: c.externalId,
      entity: c.entity,
      localId: c.localId,
      field: c.field,
      localValue: c.localValue ?? null,
      remoteValue: c.remoteValue ?? null,
      baseValue: c.baseValue ?? null,
      status: c.resolvedAt ? 'resolved' : 'open',
      resolution: c.resolution,
      resolvedValue: c.resolvedValue ?? null,
      resolvedBy: c.resolvedBy,
      resolvedAt: c.resolvedAt,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}

export class SyncConflictPageDto {
  @ApiProperty({ type: [SyncConflictDto] })
  items: SyncConflictDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ResolveSyncConflictDto {
  @ApiProperty({
    enum: SYNC_CONFLICT_RESOLUTIONS,
    description:
      "local: Quorum's value is written to the source; remote: the source's value is written to Quorum; merged: `value` is written to both",
  })
  @IsIn(SYNC_CONFLICT_RESOLUTIONS)
  keep: SyncConflictResolution;

  @ApiPropertyOptional({ description: 'The merged value (with keep=merged only), checked like a value of the field' })
  @IsOptional()
  value?: unknown;
}
