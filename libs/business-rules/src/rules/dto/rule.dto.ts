import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Rule } from '../entities/rule.entity';
import type { RuleVersion } from '../entities/rule-version.entity';
import { RULE_ENTITIES, type ConditionNode, type RuleAction, type RuleEntity, type RuleTrigger } from '../rule-definition';

export class RuleVersionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty({ example: 3 })
  number: number;

  @ApiProperty({ description: 'Whether this is the version in force' })
  active: boolean;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: RULE_ENTITIES })
  entity: RuleEntity;

  @ApiProperty({ type: 'object', additionalProperties: true })
  trigger: RuleTrigger;

  @ApiProperty({ type: 'object', additionalProperties: true })
  conditions: ConditionNode;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  actions: RuleAction[];

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: Date;

  static from(v: RuleVersion, activeVersionId: string | null): RuleVersionDto {
    return {
      id: v.id,
      ruleId: v.ruleId,
      number: v.number,
      active: v.id === activeVersionId,
      name: v.name,
      description: v.description,
      entity: v.entity,
      trigger: v.trigger,
      conditions: v.conditions,
      actions: v.actions,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
    };
  }
}

export class RuleDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  description: string | null;

  @ApiProperty()
  enabled: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the rule was turned off after failing; null otherwise' })
  pausedReason: string | null;

  @ApiProperty({ example: 2, description: 'The number of the version in force' })
  activeVersion: number;

  @ApiProperty({ example: 3 })
  latestVersion: number;

  @ApiProperty({ enum: RULE_ENTITIES })
  entity: RuleEntity;

  @ApiProperty({ type: 'object', additionalProperties: true })
  trigger: RuleTrigger;

  @ApiProperty({ type: 'object', additionalProperties: true })
  conditions: ConditionNode;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  actions: RuleAction[];

  @ApiProperty({ description: 'Evaluations in a row that failed; the rule is paused at 5' })
  consecutiveFailures: number;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  @ApiProperty({ description: 'Also the ETag; send it back as If-Match when you change the rule' })
  version: number;

  static from(rule: Rule, active: RuleVersion): RuleDto {
    return {
      id: rule.id,
      name: rule.name,
      description: rule.description,
      enabled: rule.enabled,
      pausedReason: rule.pausedReason,
      activeVersion: active.number,
      latestVersion: rule.latestVersion,
      entity: active.entity,
      trigger: active.trigger,
      conditions: active.conditions,
      actions: active.actions,
      consecutiveFailures: rule.consecutiveFailures,
      createdAt: rule.createdAt,
      updatedAt: rule.updatedAt,
      version: rule.version,
    };
  }
}

export class RulePageDto {
  @ApiProperty({ type: [RuleDto] })
  items: RuleDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class RuleVersionPageDto {
  @ApiProperty({ type: [RuleVersionDto] })
  items: RuleVersionDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
