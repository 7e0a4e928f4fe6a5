import { ApiProperty } from '@nestjs/swagger';
import { QUALITY_COMPONENTS, type QualityComponentName } from '../quality-score';

class QualityBandDto {
  @ApiProperty({ example: 80 })
  from: number;

  @ApiProperty({ example: 100 })
  to: number;

  @ApiProperty({ example: 12, description: 'Meetings whose score is within [from, to]' })
  meetings: number;
}

class ComponentMeanDto {
  @ApiProperty({ enum: QUALITY_COMPONENTS })
  name: string;

  @ApiProperty({ description: 'Meetings where the component was measured' })
  meetings: number;

  @ApiProperty({ nullable: true, type: Number, example: 71.5 })
  meanScore: number | null;
}

export class QualityAggregateDto {
  @ApiProperty()
  from: Date;

  @ApiProperty()
  to: Date;

  @ApiProperty({ description: 'Scored meetings held in the period' })
  meetings: number;

  @ApiProperty({ nullable: true, type: Number, example: 68.4 })
  meanScore: number | null;

  @ApiProperty({ type: [QualityBandDto] })
  distribution: QualityBandDto[];

  @ApiProperty({ type: [ComponentMeanDto] })
  components: ComponentMeanDto[];

  @ApiProperty({
    enum: QUALITY_COMPONENTS,
    nullable: true,
    description: 'The component with the lowest mean over the meetings where it was measured',
  })
  weakestComponent: QualityComponentName | string | null;
}
