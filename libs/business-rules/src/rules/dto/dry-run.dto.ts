import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ConditionExplanationDto } from './condition-explanation.dto';

/** What to evaluate a rule on: an entity as it is now, or a logged event (one of the two). */
export class DryRunDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An action item or meeting (as the rule is about), as it is now' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A domain event the rule could be triggered by, as it happened (its eventId)' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'The version to evaluate; default the version in force', example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class PlannedActionDto {
  @ApiProperty({ example: 'notify' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The action as it would run, templates filled in' })
  action: Record<string, unknown>;
}

export class DryRunResultDto {
  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty()
  version: number;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiProperty({ description: 'Whether the rule would fire' })
  matched: boolean;

  @ApiProperty({ type: [ConditionExplanationDto] })
  conditions: ConditionExplanationDto[];

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Every fact of the entity, as evaluated' })
  facts: Record<string, unknown>;

  @ApiProperty({ type: [PlannedActionDto], description: 'What would run (nothing when not matched); nothing did run' })
  actions: PlannedActionDto[];
}

export class ReplayDto {
  @ApiProperty({ example: '2026-11-01T00:00:00Z' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @Type(() => Date)
  @IsDate()
  to: Date;

  @ApiPropertyOptional({ description: 'The version to replay; default the version in force', example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class ReplayFiringDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'action_item.updated' })
  eventType: string;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiProperty()
  occurredAt: Date;

  @ApiProperty({ description: 'This version already fired for this event (it is in /rules/applications)' })
  alreadyFired: boolean;

  @ApiProperty({ type: [ConditionExplanationDto] })
  conditions: ConditionExplanationDto[];
}

export class ReplayResultDto {
  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty()
  version: number;

  @ApiProperty()
  from: Date;

  @ApiProperty()
  to: Date;

  @ApiProperty({ description: 'Logged events of the trigger’s types in the period that were evaluated' })
  evaluated: number;

  @ApiProperty({ description: 'Events whose entity is gone, so they could not be evaluated' })
  skipped: number;

  @ApiProperty({ description: 'More events than one replay evaluates (5,000): narrow the period' })
  truncated: boolean;

  @ApiProperty({ type: [ReplayFiringDto], description: 'The events on which the version would have fired, oldest first' })
  wouldFire: ReplayFiringDto[];
}

/** Which version to put in force. */
export class ActivateVersionDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}
