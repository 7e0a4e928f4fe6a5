import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEETING_STATUSES, type MeetingStatus } from '../entities/meeting-status';
import { Meeting } from '../entities/meeting.entity';
import { ParticipantDto } from './participant.dto';

export class MeetingDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Quarterly planning' })
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: MEETING_STATUSES })
  status: MeetingStatus;

  @ApiPropertyOptional({ nullable: true, type: Date })
  scheduledStartAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Date })
  scheduledEndAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Date })
  startedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Date })
  endedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'en' })
  language: string | null;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: [ParticipantDto] })
  participants: ParticipantDto[];

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  @ApiProperty({ example: 1, description: 'Also the ETag; send it back as If-Match when you change the meeting' })
  version: number;

  /** From a meeting, or any row with its fields (the list reads raw rows). */
  static from(m: Pick<Meeting, keyof MeetingDto>): MeetingDto {
    return {
      id: m.id,
      title: m.title,
      description: m.description,
      status: m.status,
      scheduledStartAt: m.scheduledStartAt,
      scheduledEndAt: m.scheduledEndAt,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      language: m.language,
      tags: m.tags,
      participants: m.participants,
      createdBy: m.createdBy,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      version: m.version,
    };
  }
}
