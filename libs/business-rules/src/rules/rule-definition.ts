import type { NotificationChannel } from '../notifications/notify-request';

/** What a rule looks at: its facts, and the triggers and actions that apply to it, follow from this. */
export const RULE_ENTITIES = ['action_item', 'meeting'] as const;
export type RuleEntity = (typeof RULE_ENTITIES)[number];

/** The domain events a rule may name, and the entity each one is about. */
export const RULE_EVENT_ENTITIES = {
  'action_item.created': 'action_item',
  'action_item.updated': 'action_item',
  'meeting.created': 'meeting',
  'meeting.updated': 'meeting',
  'meeting.completed': 'meeting',
  'analysis.completed': 'meeting',
} as const satisfies Record<string, RuleEntity>;
export type RuleEventType = keyof typeof RULE_EVENT_ENTITIES;
export const RULE_EVENT_TYPES = Object.keys(RULE_EVENT_ENTITIES) as RuleEventType[];

export interface EventTrigger {
  type: 'event';
  events: RuleEventType[];
}

/**
 * Every run scans the entity's rows. `cron` is read in `timezone`; `everyMinutes` ignores it. Without `refireAfter`
 * a rule fires once per entity for the life of its version; with it, once per entity in each period of that length.
 */
export interface ScheduleTrigger {
  type: 'schedule';
  entity: RuleEntity;
  cron?: string;
  everyMinutes?: number;
  timezone: string;
  refireAfter?: string;
}

export type RuleTrigger = EventTrigger | ScheduleTrigger;

/** json-rules-engine's condition format, as rules store it. */
export type ConditionNode =
  { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode } | { fact: string; operator: string; value: unknown };

/** Who a notification goes to: members by id, by role, and the users named by facts (the item's assignee, say). */
export interface Recipients {
  userIds?: string[];
  roles?: ('owner' | 'admin' | 'member' | 'viewer')[];
  facts?: string[];
}

export type RuleAction =
  | { type: 'notify'; recipients: Recipients; channels?: NotificationChannel[]; title: string; body?: string }
  | { type: 'webhook'; webhookId: string }
  | {
      type: 'update_action_item';
      priority?: 'low' | 'medium' | 'high' | 'urgent';
      status?: 'open' | 'in_progress' | 'done' | 'cancelled';
      assigneeUserId?: string | null;
    }
  | { type: 'tag_meeting'; tag: string }
  | {
      type: 'create_action_item';
      title: string;
      description?: string;
      priority?: 'low' | 'medium' | 'high' | 'urgent';
      assigneeFact?: string;
      dueInDays?: number;
    };

export type RuleActionType = RuleAction['type'];

/** The part of a rule that versions carry: everything that decides what it does. */
export interface RuleDefinition {
  trigger: RuleTrigger;
  conditions: ConditionNode;
  actions: RuleAction[];
}

/** The entity a rule's facts describe. */
export function ruleEntity(trigger: RuleTrigger): RuleEntity {
  return trigger.type === 'schedule' ? trigger.entity : RULE_EVENT_ENTITIES[trigger.events[0]];
}
