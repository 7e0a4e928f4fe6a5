import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';
import { APPLICATION_STATUSES, type ApplicationStatus, type RuleApplication } from '../entities/rule-application.entity';
import { ConditionExplanationDto } from './condition-explanation.dto';

export class ActionOutcomeDto {
  @ApiProperty({ example: 'notify' })
  type: string;

  @ApiProperty()
  ok: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  detail?: Record<string, unknown>;

  @ApiPropertyOptional()
  error?: string;
}

export class RuleApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty({ format: 'uuid' })
  ruleVersionId: string;

  @ApiProperty()
  ruleVersion: number;

  @ApiProperty({ example: 'action_item.updated', description: 'The event type, or schedule' })
  trigger: string;

  @ApiProperty({ description: "The trigger window: the event's id, or the schedule's period (once, or p<period number>)" })
  window: string;

  @ApiProperty({ example: 'action_item' })
  entityType: string;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  eventId: string | null;

  @ApiProperty({
    enum: APPLICATION_STATUSES,
    description: 'running: its actions are under way; fired; failed: an action failed; error: the evaluation broke',
  })
  status: ApplicationStatus;

  @ApiProperty({ type: [ConditionExplanationDto] })
  conditions: ConditionExplanationDto[];

  @ApiProperty({ type: [ActionOutcomeDto] })
  actions: ActionOutcomeDto[];

  @ApiPropertyOptional({ nullable: true, type: String })
  error: string | null;

  @ApiProperty()
  createdAt: Date;

  static from(a: RuleApplication): RuleApplicationDto {
    return {
      id: a.id,
      ruleId: a.ruleId,
      ruleVersionId: a.ruleVersionId,
      ruleVersion: a.ruleVersionNumber,
      trigger: a.trigger,
      window: a.window,
      entityType: a.entityType,
      entityId: a.entityId,
      eventId: a.eventId,
      status: a.status,
      conditions: a.conditions,
      actions: a.actions,
      error: a.error,
      createdAt: a.createdAt,
    };
  }
}

export class RuleApplicationPageDto {
  @ApiProperty({ type: [RuleApplicationDto] })
  items: RuleApplicationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class RuleApplicationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ruleId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'The action item or meeting' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ description: 'Fired at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'Fired before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
