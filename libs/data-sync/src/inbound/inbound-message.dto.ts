import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { SegmentDto } from '@quorum/meetings';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@quorum/platform';

export const INBOUND_MESSAGE_TYPES = ['meeting.upserted', 'transcript.segments'] as const;
export type InboundMessageType = (typeof INBOUND_MESSAGE_TYPES)[number];

/** The sender's own ids: what the transcript's segment ids accept, so they can be used as such. */
const EXTERNAL_ID = /^[A-Za-z0-9._:@/+-]{1,500}$/;
const SEGMENT_ID = /^[A-Za-z0-9._:-]{1,100}$/;
export const MAX_INBOUND_SEGMENTS = 500;

export class InboundParticipantDto {
  @ApiProperty({ example: 'Grace Hopper', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'grace@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class MeetingUpsertedDataDto {
  @ApiProperty({
    example: 'rec-2026-12-01-standup',
    maxLength: 500,
    description: "The sender's id of the meeting: the same id updates the same meeting. Letters, digits and . _ : @ / + -",
  })
  @Matches(EXTERNAL_ID, { message: 'externalId must be 1-500 characters of letters, digits and . _ : @ / + -' })
  externalId: string;

  @ApiProperty({ example: 'Standup', minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({ example: 'Daily standup of the platform team', maxLength: 10000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiProperty({ example: '2026-12-01T09:00:00.000Z', format: 'date-time' })
  @Type(() => Date)
  @IsDate()
  scheduledStartAt: Date;

  @ApiPropertyOptional({ example: '2026-12-01T09:15:00.000Z', format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  scheduledEndAt?: Date | null;

  @ApiPropertyOptional({ type: [InboundParticipantDto], maxItems: 500 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InboundParticipantDto)
  participants?: InboundParticipantDto[];

  @ApiPropertyOptional({ enum: ['scheduled', 'cancelled'], default: 'scheduled', description: '`cancelled` cancels the meeting' })
  @IsOptionalNotNull()
  @IsIn(['scheduled', 'cancelled'])
  status?: 'scheduled' | 'cancelled';
}

/** A transcript segment as the meetings API takes one, with the sender's optional `id` instead of a required `segmentId`. */
export class InboundSegmentDto extends PickType(SegmentDto, ['speaker', 'text', 'startMs', 'endMs'] as const) {
  @ApiPropertyOptional({
    example: 'seg-0001',
    maxLength: 100,
    description: "The sender's id of the segment: sent again, it replaces the segment. Without it, the segment's content is its id",
  })
  @IsOptional()
  @Matches(SEGMENT_ID, { message: 'id must be 1-100 characters of letters, digits and . _ : -' })
  id?: string;
}

export class TranscriptSegmentsDataDto {
  @ApiProperty({ example: 'rec-2026-12-01-standup', maxLength: 500, description: 'The externalId of a meeting this source sent' })
  @Matches(EXTERNAL_ID, { message: 'meetingExternalId must be 1-500 characters of letters, digits and . _ : @ / + -' })
  meetingExternalId: string;

  @ApiProperty({ type: [InboundSegmentDto], minItems: 1, maxItems: MAX_INBOUND_SEGMENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INBOUND_SEGMENTS)
  @ValidateNested({ each: true })
  @Type(() => InboundSegmentDto)
  segments: InboundSegmentDto[];
}

/**
 * A message of an inbound webhook source; `data`'s shape follows `type`. Validated as a whole by the app's
 * validation pipe once the signature is verified (unknown fields are refused, as everywhere).
 */
export class InboundMessageDto {
  @ApiProperty({ enum: INBOUND_MESSAGE_TYPES, example: 'meeting.upserted' })
  @IsIn(INBOUND_MESSAGE_TYPES)
  type: InboundMessageType;

  @ApiProperty({ description: 'MeetingUpsertedDataDto or TranscriptSegmentsDataDto, as `type` says' })
  @IsObject()
  @ValidateNested()
  @Type(({ object } = { object: {}, newObject: {}, property: '' }) =>
    (object as { type?: unknown }).type === 'transcript.segments' ? TranscriptSegmentsDataDto : MeetingUpsertedDataDto,
  )
  data: MeetingUpsertedDataDto | TranscriptSegmentsDataDto;
}

/** The two message shapes, for the OpenAPI document (the body is one of them). */
export class MeetingUpsertedMessageDto {
  @ApiProperty({ enum: ['meeting.upserted'], example: 'meeting.upserted' })
  type: 'meeting.upserted';

  @ApiProperty({ type: MeetingUpsertedDataDto })
  data: MeetingUpsertedDataDto;
}

export class TranscriptSegmentsMessageDto {
  @ApiProperty({ enum: ['transcript.segments'], example: 'transcript.segments' })
  type: 'transcript.segments';

  @ApiProperty({ type: TranscriptSegmentsDataDto })
  data: TranscriptSegmentsDataDto;
}

export class InboundReceivedDto {
  @ApiProperty({ example: true })
  received: true;

  @ApiPropertyOptional({ format: 'uuid', description: 'The sync run that recorded this delivery (GET /sync/runs/{id})' })
  runId?: string;

  @ApiPropertyOptional({ example: true, description: 'The message id was accepted before: nothing was written' })
  duplicate?: true;
}
