import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@quorum/platform';

const TRIGGER_EXAMPLE = { type: 'schedule', entity: 'action_item', cron: '0 9 * * 1-5', timezone: 'Europe/Paris' };
const CONDITIONS_EXAMPLE = {
  all: [
    { fact: 'priority', operator: 'equal', value: 'urgent' },
    { fact: 'dueAt', operator: 'olderThan', value: '3d' },
    { fact: 'isOpen', operator: 'equal', value: true },
  ],
};
const ACTIONS_EXAMPLE = [
  {
    type: 'notify',
    recipients: { facts: ['assigneeUserId', 'meetingOrganizerId'] },
    channels: ['in_app', 'email'],
    title: '"{{title}}" is {{daysOverdue}} days overdue',
  },
];

/** A rule as an admin writes it. Its trigger, conditions and actions are checked against the fact catalogue (422 `invalid-rule` names the path). */
export class CreateRuleDto {
  @ApiProperty({ example: 'Overdue urgent items', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Off: saved but not evaluated' })
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: TRIGGER_EXAMPLE,
    description:
      '`{type: "event", events: [...]}` (action_item.created, action_item.updated, meeting.created, meeting.updated, meeting.completed, analysis.completed) or `{type: "schedule", entity, cron | everyMinutes, timezone, refireAfter?}`',
  })
  @IsObject()
  trigger: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: CONDITIONS_EXAMPLE,
    description: "json-rules-engine's format: all/any/not over {fact, operator, value}; GET /api/v1/rules/facts lists facts and operators",
  })
  @IsObject()
  conditions: Record<string, unknown>;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: ACTIONS_EXAMPLE,
    description: 'notify, webhook, update_action_item, tag_meeting or create_action_item (docs/rules.md)',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  actions: Record<string, unknown>[];
}

/** Any part of a rule; a change to its name, description, trigger, conditions or actions makes a new version. */
export class UpdateRuleDto extends PartialType(CreateRuleDto) {}
