import { AppendSegmentsDto } from '@quorum/meetings';
import { IsString, MaxLength } from 'class-validator';

/**
 * `meetingId` only has to be a string here: the gateway answers an id that
 * is not a UUID as not found, like a missing meeting or another tenant's,
 * since to the client none of them is a meeting it can join.
 */
export class MeetingRefDto {
  @IsString()
  @MaxLength(64)
  meetingId: string;
}

/** The REST body of POST /meetings/:id/segments plus the meeting, so both paths share every segment rule. */
export class AppendTranscriptDto extends AppendSegmentsDto {
  @IsString()
  @MaxLength(64)
  meetingId: string;
}
