import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';
import { MEETING_STATUSES, type MeetingStatus } from '../entities/meeting-status';

export const MEETING_SORTS = ['-startsAt', 'startsAt', '-createdAt', 'createdAt'] as const;
export type MeetingSort = (typeof MEETING_SORTS)[number];

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class ListMeetingsQuery extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Full-text search over title, description and transcript (websearch syntax: "exact phrase", or, -exclude)',
    example: 'budget -travel',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  q?: string;

  @ApiPropertyOptional({ description: 'One or more statuses, comma-separated', example: 'scheduled,live', type: String })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(MEETING_STATUSES, { each: true })
  status?: MeetingStatus[];

  @ApiPropertyOptional({ description: 'Meetings starting at or after this instant', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'Meetings starting before this instant', example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ example: 'planning' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tag?: string;

  @ApiPropertyOptional({ description: 'Meetings with this participant', example: 'grace@example.com' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  participant?: string;

  @ApiPropertyOptional({ description: 'Creator: a user id, or `me`', example: 'me' })
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'createdBy must be a user id or me' })
  createdBy?: string;

  @ApiPropertyOptional({
    enum: MEETING_SORTS,
    default: '-startsAt',
    description: 'startsAt is when the meeting started, else its scheduled start, else its creation; ignored with q (results are ranked)',
  })
  @IsOptional()
  @IsIn(MEETING_SORTS)
  sort?: MeetingSort;
}
