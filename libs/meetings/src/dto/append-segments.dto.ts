import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { SegmentDto } from './segment.dto';

export const MAX_SEGMENTS_PER_BATCH = 500;

export class AppendSegmentsDto {
  @ApiProperty({ type: [SegmentDto], minItems: 1, maxItems: MAX_SEGMENTS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SEGMENTS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => SegmentDto)
  segments: SegmentDto[];
}

export class AppendedSegmentsDto {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ example: 7, description: "The transcript's revision after this change (events carry it as version)" })
  revision: number;

  @ApiProperty({ type: [SegmentDto], description: 'The segments as stored' })
  segments: SegmentDto[];
}

export class SegmentPageDto {
  @ApiProperty({ type: [SegmentDto] })
  items: SegmentDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
