import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { TranscriptSegment } from '../entities/transcript-segment.entity';

export class SegmentDto {
  @ApiProperty({
    example: 'seg-0001',
    description: "The client's own id: sending it again replaces the segment instead of duplicating it",
    maxLength: 128,
  })
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'segmentId must be 1-128 characters of letters, digits and . _ : -' })
  segmentId: string;

  @ApiProperty({ example: 'Grace Hopper', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  speaker: string;

  @ApiPropertyOptional({ example: 'grace@example.com', maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  participantId?: string;

  @ApiProperty({ example: 0, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  startMs: number;

  @ApiProperty({ example: 4200, minimum: 0, description: 'Not before startMs' })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  endMs: number;

  @ApiProperty({ example: 'Let us start with the budget.', maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  text: string;

  @ApiPropertyOptional({ example: 0.93, minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence?: number;

  @ApiPropertyOptional({ example: 'en', maxLength: 35 })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, { message: 'language must be a BCP 47 tag such as en or en-GB' })
  @MaxLength(35)
  language?: string;

  static from(s: TranscriptSegment): SegmentDto {
    return {
      segmentId: s.segmentId,
      speaker: s.speaker,
      ...(s.participantId ? { participantId: s.participantId } : {}),
      startMs: s.startMs,
      endMs: s.endMs,
      text: s.text,
      ...(s.confidence !== null ? { confidence: s.confidence } : {}),
      ...(s.language ? { language: s.language } : {}),
    };
  }
}
