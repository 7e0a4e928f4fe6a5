import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptionalNotNull } from '@quorum/platform';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MEETING_STATUSES, type MeetingStatus } from '../entities/meeting-status';
import { ParticipantDto } from './participant.dto';

export class CreateMeetingDto {
  @ApiProperty({ example: 'Quarterly planning', minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({ example: 'Goals and budget for Q3', maxLength: 10000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ enum: MEETING_STATUSES, default: 'scheduled', example: 'scheduled' })
  @IsOptionalNotNull()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;

  @ApiPropertyOptional({ example: '2026-12-01T09:00:00.000Z', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  scheduledStartAt?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T10:00:00.000Z', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  scheduledEndAt?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T09:02:00.000Z', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startedAt?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T09:58:00.000Z', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endedAt?: Date;

  @ApiPropertyOptional({ example: 'en', description: 'BCP 47 language tag', maxLength: 35, nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, { message: 'language must be a BCP 47 tag such as en or en-GB' })
  @MaxLength(35)
  language?: string;

  @ApiPropertyOptional({ type: [String], example: ['planning', 'q3'], maxItems: 50 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [ParticipantDto], maxItems: 500 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];
}
