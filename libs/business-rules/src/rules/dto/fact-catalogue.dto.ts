import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FACT_TYPES, type FactType } from '../facts/fact-catalogue';

export class FactDto {
  @ApiProperty({ example: 'daysOverdue' })
  name: string;

  @ApiProperty({ enum: FACT_TYPES })
  type: FactType;

  @ApiProperty()
  nullable: boolean;

  @ApiPropertyOptional({ type: [String] })
  values?: readonly string[];

  @ApiPropertyOptional({ description: 'Holds a member id: may be named in a notify action’s recipients.facts' })
  userId?: boolean;

  @ApiProperty()
  description: string;
}

export class OperatorDto {
  @ApiProperty({ example: 'olderThan' })
  name: string;

  @ApiProperty({ enum: FACT_TYPES, isArray: true })
  types: readonly FactType[];

  @ApiProperty({ enum: ['same', 'number', 'list', 'element', 'duration'], description: 'What `value` must be' })
  operand: string;

  @ApiProperty()
  description: string;
}

export class TriggerFactsDto {
  @ApiProperty({ example: 'action_item' })
  entity: string;

  @ApiProperty({ type: [String], description: 'The events that trigger rules about this entity' })
  events: string[];

  @ApiProperty({ type: [FactDto] })
  facts: FactDto[];

  @ApiProperty({ type: [String], description: 'The action types rules about this entity may use' })
  actions: string[];
}

export class FactCatalogueDto {
  @ApiProperty({ type: [TriggerFactsDto] })
  entities: TriggerFactsDto[];

  @ApiProperty({ type: [OperatorDto] })
  operators: OperatorDto[];
}
