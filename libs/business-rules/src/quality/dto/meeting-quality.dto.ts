import { ApiProperty } from '@nestjs/swagger';
import type { MeetingQualityRow } from '../meeting-quality.repository';
import { QualityComponentDto } from './quality-component.dto';

export class MeetingQualityDto {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ minimum: 0, maximum: 100, example: 74, description: 'The weighted mean of the measured components (docs/quality.md)' })
  score: number;

  @ApiProperty({ type: [QualityComponentDto] })
  components: QualityComponentDto[];

  @ApiProperty({ description: 'The transcript revision the score was computed at' })
  transcriptRevision: number;

  @ApiProperty()
  computedAt: Date;

  static from(row: MeetingQualityRow): MeetingQualityDto {
    return {
      meetingId: row.meetingId,
      score: row.score,
      components: row.components,
      transcriptRevision: row.transcriptRevision,
      computedAt: row.computedAt,
    };
  }
}
