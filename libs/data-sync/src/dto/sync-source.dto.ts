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
import type { SyncSource } from '../entities/sync-source.entity';

export class SyncStreamDto {
  @ApiProperty({ example: 'events', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'name must be a stream name such as events' })
  name: string;

  @ApiProperty({ enum: ['pull', 'push', 'both'], example: 'pull' })
  @IsIn(['pull', 'push', 'both'])
  direction: 'pull' | 'push' | 'both';
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
      "The connector's settings. ical: `url` (http or https), `windowDays` (ahead, default 90), `windowPastDays` (back, default 30)",
  })
  @IsObject()
  settings: Record<string, unknown>;

  @ApiPropertyOptional({
    example: { username: 'calendar', password: 'correct horse' },
    description:
      'Encrypted at rest and never returned (`hasCredentials` says whether there are some). ical: `username` and `password`, or `token`',
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
