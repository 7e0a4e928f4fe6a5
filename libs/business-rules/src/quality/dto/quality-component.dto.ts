import { ApiProperty } from '@nestjs/swagger';
import { QUALITY_COMPONENTS, type QualityComponentName } from '../quality-score';

export class QualityComponentDto {
  @ApiProperty({ enum: QUALITY_COMPONENTS })
  name: QualityComponentName;

  @ApiProperty({ example: 30, description: 'Its weight in the score; the weights of measured components are normalised to 100' })
  weight: number;

  @ApiProperty({ nullable: true, type: Number, example: 82, description: '0–100, or null when not measured for this meeting' })
  score: number | null;

  @ApiProperty({ example: "The transcript covers 82% of the meeting's 45 min, with 2 gaps of a minute or more." })
  summary: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the score was computed from: counts, and for coverage the gaps with their start and end (ms into the meeting)',
  })
  evidence: Record<string, unknown>;
}
