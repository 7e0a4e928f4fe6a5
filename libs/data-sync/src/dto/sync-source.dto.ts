import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@quorum/platform';
import { CONNECTOR_KINDS } from '../connectors/connector-registry';
import type { FieldOwner, SyncSource } from '../entities/sync-source.entity';

export class SyncStreamDto {
  @ApiProperty({ example: 'events', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'name must be a stream name such as events' })
  name: string;

  @ApiProperty({ enum: ['pull', 'push', 'both'], example: 'pull' })
  @IsIn(['pull', 'push', 'both'])
  direction: 'pull' | 'push' | 'both';

  @ApiPropertyOptional({ enum: ['incremental', 'full_refresh'], default: 'incremental' })
  @IsOptionalNotNull()
  @IsIn(['incremental', 'full_refresh'])
  mode?: 'incremental' | 'full_refresh';

  @ApiPropertyOptional({
    example: { title: '$uppercase(title)', description: 'raw.location ? "Room: " & raw.location : description' },
    description:
      "Field → JSONata expression over the pulled record: its fields, and the source's own JSON as `raw`. Checked on save; try it with POST /sync/sources/{id}/preview",
  })
  @IsOptionalNotNull()
  @IsObject()
  transform?: Record<string, string>;

  @ApiPropertyOptional({
    example: { title: 'remote', description: 'local', dueAt: 'last_writer' },
    description:
      "Field → who wins when both sides changed it: remote, local or last_writer. Over the connector's defaults; a field with no owner becomes a conflict",
  })
  @IsOptionalNotNull()
  @IsObject()
  ownership?: Record<string, FieldOwner>;

  @ApiPropertyOptional({ default: false, description: 'Action items: also import records Quorum did not push' })
  @IsOptionalNotNull()
  @IsBoolean()
  importUnlinked?: boolean;
}

export class CreateSyncSourceDto {
  @ApiProperty({ example: 'Team calendar', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: CONNECTOR_KINDS, example: 'ical' })
  @IsIn(CONNECTOR_KINDS)
  kind: string;

  @ApiProperty({
    example: { url: 'https://calendar.example.com/team.ics', windowDays: 90, windowPastDays: 30 },
    description:
      "The connector's settings (docs/sync.md lists each kind's), and two of every source: `requestsPerMinute` (its rate limit, default 600) and `linkBaseUrl` (where links back into Quorum point)",
  })
  @IsObject()
  settings: Record<string, unknown>;

  @ApiPropertyOptional({
    example: { username: 'calendar', password: 'correct horse' },
    description:
      "Encrypted at rest and never returned (`hasCredentials` says whether there are some). The connector's own: docs/sync-connectors lists each kind's",
  })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, string>;

  @ApiPropertyOptional({ type: [SyncStreamDto], description: "Default: each of the connector's streams, pulled" })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SyncStreamDto)
  streams?: SyncStreamDto[];

  @ApiPropertyOptional({
    example: 60,
    minimum: 5,
    maximum: 10080,
    nullable: true,
    description: 'Run every this many minutes; null: manual runs only',
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  scheduleEveryMinutes?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

/** Every field optional; `credentials: null` removes them. The kind cannot change. */
export class UpdateSyncSourceDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Replaces the settings' })
  @IsOptionalNotNull()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ nullable: true, description: 'Replaces the credentials; null removes them' })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, string> | null;

  @ApiPropertyOptional({ type: [SyncStreamDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SyncStreamDto)
  streams?: SyncStreamDto[];

  @ApiPropertyOptional({ minimum: 5, maximum: 10080, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  scheduleEveryMinutes?: number | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class SyncSourceDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: CONNECTOR_KINDS })
  kind: string;

  @ApiProperty()
  settings: Record<string, unknown>;

  @ApiProperty({ description: 'Whether credentials are stored; they are never returned' })
  hasCredentials: boolean;

  @ApiProperty({ type: [SyncStreamDto] })
  streams: SyncStreamDto[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  scheduleEveryMinutes: number | null;

  @ApiProperty()
  enabled: boolean;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from(s: SyncSource): SyncSourceDto {
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      settings: s.settings,
      hasCredentials: s.credentials !== null,
      streams: s.streams,
      scheduleEveryMinutes: s.scheduleEveryMinutes,
      enabled: s.enabled,
      createdBy: s.createdBy,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  }
}

export class SyncSourcePageDto {
  @ApiProperty({ type: [SyncSourceDto] })
  items: SyncSourceDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class SyncPreviewDto {
  @ApiProperty({ example: 'events', description: 'The stream whose rules to apply' })
  @IsString()
  @Length(1, 100)
  stream: string;

  @ApiProperty({ example: { title: 'Weekly sync', scheduledStartAt: '2026-12-01T10:00:00Z' }, description: "A sample record's fields" })
  @IsObject()
  fields: Record<string, unknown>;

  @ApiPropertyOptional({ example: { location: 'Room 4' }, description: "The source's own JSON, as `raw`" })
  @IsOptional()
  @IsObject()
  raw?: Record<string, unknown>;

  @ApiPropertyOptional({ description: "Rules to try instead of the stream's saved ones" })
  @IsOptional()
  @IsObject()
  transform?: Record<string, string>;
}

export class SyncPreviewResultDto {
  @ApiProperty({ description: 'The fields after the rules, as they would be written' })
  fields: Record<string, unknown>;

  @ApiProperty({ type: [String], description: 'What the entity would refuse (empty when it would be written)' })
  problems: string[];
}

export class SyncCheckDto {
  @ApiProperty({ example: true })
  ok: true;
}

export class SyncRunRequestedDto {
  @ApiProperty({ description: 'The job that runs the source' })
  jobId: string;

  @ApiProperty({ example: '/api/v1/jobs/c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af', description: "The job's status; also the Location header" })
  location: string;
}
