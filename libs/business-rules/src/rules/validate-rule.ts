import { CronExpressionParser } from 'cron-parser';
import { ACTION_ITEM_PRIORITIES, ACTION_ITEM_STATUSES } from '@quorum/action-items';
import { type FieldError, ROLES } from '@quorum/platform';
import { NOTIFICATION_CHANNELS } from '../notifications/notify-request';
import { parseDuration } from './conditions/duration';
import { RULE_LIMITS } from './conditions/rule-limits';
import { validateConditions } from './conditions/validate-conditions';
import { type FactDefinition, factsOf } from './facts/fact-catalogue';
import {
  type ConditionNode,
  RULE_ENTITIES,
  RULE_EVENT_ENTITIES,
  type RuleAction,
  type RuleDefinition,
  type RuleEntity,
  type RuleTrigger,
} from './rule-definition';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A schedule more frequent than this would scan a tenant's items all the time. */
const MIN_SCHEDULE_MS = 60_000;
const MAX_EVERY_MINUTES = 7 * 24 * 60;
/** `{{fact}}` in a notification's title or body is replaced by the fact's value. */
export const TEMPLATE_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export interface ValidatedRule {
  definition: RuleDefinition | null;
  errors: FieldError[];
}

/**
 * Checks what a rule does (trigger, conditions, actions) and returns it normalised, or every problem by path. Only
 * known keys are kept, so what is stored is exactly what was checked.
 */
export function validateRule(input: { trigger: unknown; conditions: unknown; actions: unknown }): ValidatedRule {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => void errors.push({ field, message });
  const trigger = validateTrigger(input.trigger, fail);
  if (!trigger) return { definition: null, errors };
  const entity = trigger.type === 'schedule' ? trigger.entity : RULE_EVENT_ENTITIES[trigger.events[0]];
  const facts = factsOf(entity);
  errors.push(...validateConditions(input.conditions, facts));
  const actions = validateActions(input.actions, entity, facts, fail);
  if (errors.length) return { definition: null, errors };
  return { definition: { trigger, conditions: input.conditions as ConditionNode, actions }, errors };
}

function validateTrigger(raw: unknown, fail: (field: string, message: string) => void): RuleTrigger | null {
  if (!isRecord(raw))
    return (
      fail('trigger', 'must be an object: {type: "event", events} or {type: "schedule", entity, cron | everyMinutes, timezone}'),
      null
    );
  if (raw.type === 'event') {
    const events = raw.events;
    if (!Array.isArray(events) || !events.length || events.length > 10)
      return (fail('trigger.events', 'must list 1 to 10 event types'), null);
    const known = events.filter((e, i) => {
      const ok = typeof e === 'string' && Object.hasOwn(RULE_EVENT_ENTITIES, e);
      if (!ok) fail(`trigger.events[${i}]`, `must be one of ${Object.keys(RULE_EVENT_ENTITIES).join(', ')}`);
      return ok;
    }) as (keyof typeof RULE_EVENT_ENTITIES)[];
    if (known.length !== events.length) return null;
    const entities = new Set(known.map((e) => RULE_EVENT_ENTITIES[e]));
    if (entities.size > 1) return (fail('trigger.events', `must all concern one entity, not ${[...entities].join(' and ')}`), null);
    return { type: 'event', events: [...new Set(known)] };
  }
  if (raw.type !== 'schedule') return (fail('trigger.type', 'must be event or schedule'), null);
  if (typeof raw.entity !== 'string' || !(RULE_ENTITIES as readonly string[]).includes(raw.entity))
    return (fail('trigger.entity', `must be one of ${RULE_ENTITIES.join(', ')}`), null);
  const timezone = raw.timezone ?? 'UTC';
  if (typeof timezone !== 'string' || !validTimeZone(timezone))
    return (fail('trigger.timezone', 'must be an IANA time zone such as Europe/Paris'), null);
  const trigger: RuleTrigger = { type: 'schedule', entity: raw.entity as RuleEntity, timezone };
  if ((raw.cron === undefined) === (raw.everyMinutes === undefined))
    return (fail('trigger', 'needs exactly one of cron and everyMinutes'), null);
  if (raw.cron !== undefined) {
    const problem = cronProblem(raw.cron, timezone);
    if (problem) return (fail('trigger.cron', problem), null);
    trigger.cron = (raw.cron as string).trim();
  } else {
    const every = raw.everyMinutes;
    if (typeof every !== 'number' || !Number.isInteger(every) || every < 1 || every > MAX_EVERY_MINUTES)
      return (fail('trigger.everyMinutes', `must be a whole number of minutes from 1 to ${MAX_EVERY_MINUTES}`), null);
    trigger.everyMinutes = every;
  }
  if (raw.refireAfter !== undefined) {
    if (parseDuration(raw.refireAfter) === null) return (fail('trigger.refireAfter', 'must be a duration such as 1d or P1W'), null);
    trigger.refireAfter = raw.refireAfter as string;
  }
  return trigger;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}

function cronProblem(cron: unknown, timezone: string): string | null {
  if (typeof cron !== 'string' || !cron.trim() || cron.length > 100) return 'must be a cron expression such as "0 9 * * 1-5"';
  if (cron.trim().split(/\s+/).length !== 5) return 'must have five fields: minute, hour, day of month, month, day of week';
  try {
    const expression = CronExpressionParser.parse(cron.trim(), { tz: timezone, currentDate: new Date() });
    const first = expression.next().getTime();
    const second = expression.next().getTime();
    if (second - first < MIN_SCHEDULE_MS) return 'may run at most once a minute';
    return null;
  } catch (error) {
    return `is not a valid cron expression: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}`;
  }
}

function validateActions(
  raw: unknown,
  entity: RuleEntity,
  facts: ReadonlyMap<string, FactDefinition>,
  fail: (field: string, message: string) => void,
): RuleAction[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > RULE_LIMITS.actions) {
    fail('actions', `must list 1 to ${RULE_LIMITS.actions} actions`);
    return [];
  }
  const actions: RuleAction[] = [];
  raw.forEach((action, i) => {
    const path = `actions[${i}]`;
    if (!isRecord(action)) return fail(path, 'must be an object with a type');
    const text = (key: string, max: number, required: boolean): string | undefined => {
      const value = action[key];
      if (value === undefined && !required) return undefined;
      if (typeof value !== 'string' || !value.trim() || value.length > max || value.includes('\u0000'))
        return (fail(`${path}.${key}`, `must be text of 1 to ${max} characters`), undefined);
      return value;
    };
    const template = (key: string, max: number, required: boolean): string | undefined => {
      const value = text(key, max, required);
      for (const [, name] of value?.matchAll(TEMPLATE_FIELD) ?? [])
        if (!facts.has(name)) fail(`${path}.${key}`, `names an unknown fact {{${name}}}`);
      return value;
    };
    const userFact = (key: string, value: unknown): string | undefined => {
      const fact = typeof value === 'string' ? facts.get(value) : undefined;
      if (!fact?.userId)
        return (
          fail(
            `${path}.${key}`,
            `must name a fact that holds a member: ${[...facts.values()]
              .filter((f) => f.userId)
              .map((f) => f.name)
              .join(', ')}`,
          ),
          undefined
        );
      return fact.name;
    };
    switch (action.type) {
      case 'notify': {
        const r = action.recipients;
        if (!isRecord(r)) return fail(`${path}.recipients`, 'must be an object with userIds, roles or facts');
        const userIds = r.userIds ?? [];
        const roles = r.roles ?? [];
        const who = r.facts ?? [];
        if (
          !Array.isArray(userIds) ||
          userIds.length > RULE_LIMITS.recipients ||
          !userIds.every((id) => typeof id === 'string' && UUID.test(id))
        )
          return fail(`${path}.recipients.userIds`, `must list at most ${RULE_LIMITS.recipients} member ids`);
        if (!Array.isArray(roles) || !roles.every((role) => (ROLES as readonly unknown[]).includes(role)))
          return fail(`${path}.recipients.roles`, `must list roles among ${ROLES.join(', ')}`);
        if (!Array.isArray(who) || who.length > 5) return fail(`${path}.recipients.facts`, 'must list at most 5 facts');
        const named = who.map((f, j) => userFact(`recipients.facts[${j}]`, f)).filter((f): f is string => !!f);
        if (named.length !== who.length) return;
        if (!userIds.length && !roles.length && !named.length) return fail(`${path}.recipients`, 'must name someone');
        const channels = action.channels ?? [...NOTIFICATION_CHANNELS];
        if (
          !Array.isArray(channels) ||
          !channels.length ||
          !channels.every((c) => (NOTIFICATION_CHANNELS as readonly unknown[]).includes(c))
        )
          return fail(`${path}.channels`, `must list channels among ${NOTIFICATION_CHANNELS.join(', ')}`);
        const title = template('title', 200, true);
        const body = template('body', 2000, false);
        if (!title) return;
        actions.push({
          type: 'notify',
          recipients: { userIds: [...new Set(userIds as string[])], roles: [...new Set(roles)] as never, facts: named },
          channels: [...new Set(channels)] as never,
          title,
          ...(body ? { body } : {}),
        });
        return;
      }
      case 'webhook':
        if (typeof action.webhookId !== 'string' || !UUID.test(action.webhookId))
          return fail(`${path}.webhookId`, 'must be the id of a webhook');
        actions.push({ type: 'webhook', webhookId: action.webhookId.toLowerCase() });
        return;
      case 'update_action_item': {
        if (entity !== 'action_item') return fail(`${path}.type`, 'update_action_item applies to rules about action items');
        const change: Extract<RuleAction, { type: 'update_action_item' }> = { type: 'update_action_item' };
        if (action.priority !== undefined) {
          if (!(ACTION_ITEM_PRIORITIES as readonly unknown[]).includes(action.priority))
            return fail(`${path}.priority`, `must be one of ${ACTION_ITEM_PRIORITIES.join(', ')}`);
          change.priority = action.priority as never;
        }
        if (action.status !== undefined) {
          if (!(ACTION_ITEM_STATUSES as readonly unknown[]).includes(action.status))
            return fail(`${path}.status`, `must be one of ${ACTION_ITEM_STATUSES.join(', ')}`);
          change.status = action.status as never;
        }
        if (action.assigneeUserId !== undefined) {
          if (action.assigneeUserId !== null && (typeof action.assigneeUserId !== 'string' || !UUID.test(action.assigneeUserId)))
            return fail(`${path}.assigneeUserId`, 'must be a member id or null');
          change.assigneeUserId = action.assigneeUserId;
        }
        if (Object.keys(change).length === 1) return fail(path, 'must change priority, status or assigneeUserId');
        actions.push(change);
        return;
      }
      case 'tag_meeting': {
        const tag = text('tag', 50, true);
        if (tag) actions.push({ type: 'tag_meeting', tag: tag.trim() });
        return;
      }
      case 'create_action_item': {
        const title = template('title', 200, true);
        const description = template('description', 2000, false);
        const created: Extract<RuleAction, { type: 'create_action_item' }> = { type: 'create_action_item', title: title ?? '' };
        if (description) created.description = description;
        if (action.priority !== undefined) {
          if (!(ACTION_ITEM_PRIORITIES as readonly unknown[]).includes(action.priority))
            return fail(`${path}.priority`, `must be one of ${ACTION_ITEM_PRIORITIES.join(', ')}`);
          created.priority = action.priority as never;
        }
        if (action.assigneeFact !== undefined) {
          const fact = userFact('assigneeFact', action.assigneeFact);
          if (!fact) return;
          created.assigneeFact = fact;
        }
        if (action.dueInDays !== undefined) {
          const days = action.dueInDays;
          if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 365)
            return fail(`${path}.dueInDays`, 'must be a whole number of days from 0 to 365');
          created.dueInDays = days;
        }
        if (title) actions.push(created);
        return;
      }
      default:
        fail(`${path}.type`, 'must be one of notify, webhook, update_action_item, tag_meeting, create_action_item');
    }
  });
  return actions;
}
