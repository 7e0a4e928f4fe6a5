import { ACTION_ITEM_ORIGINS, ACTION_ITEM_PRIORITIES, ACTION_ITEM_STATUSES } from '@quorum/action-items';
import { MEETING_STATUSES } from '@quorum/meetings';
import type { RuleEntity } from '../rule-definition';

export const FACT_TYPES = ['string', 'number', 'boolean', 'date', 'string[]'] as const;
export type FactType = (typeof FACT_TYPES)[number];

export interface FactDefinition {
  name: string;
  type: FactType;
  /** May be null (an item with no due date): `equal`/`notEqual` null test for it; other operators are false on null. */
  nullable: boolean;
  /** The values a string fact takes, when they are a fixed few. */
  values?: readonly string[];
  /** Holds a user id, so a notification may go to it (`recipients.facts`). */
  userId?: boolean;
  description: string;
}

const fact = (name: string, type: FactType, description: string, extra: Partial<FactDefinition> = {}): FactDefinition => ({
  name,
  type,
  nullable: false,
  description,
  ...extra,
});

/**
 * The facts a rule's conditions may name, per entity. Written down once: validation checks conditions against it,
 * derivation (derive-facts.ts) fills it, GET /api/v1/rules/facts serves it and docs/rules.md lists it.
 */
export const FACT_CATALOGUE: Record<RuleEntity, readonly FactDefinition[]> = {
  action_item: [
    fact('id', 'string', 'The action item id.'),
    fact('title', 'string', 'Its title.'),
    fact('description', 'string', 'Its description.', { nullable: true }),
    fact('status', 'string', 'Its status.', { values: ACTION_ITEM_STATUSES }),
    fact('priority', 'string', 'Its priority.', { values: ACTION_ITEM_PRIORITIES }),
    fact('origin', 'string', 'Who made it: a person or the analysis.', { values: ACTION_ITEM_ORIGINS }),
    fact('dueAt', 'date', 'When it is due.', { nullable: true }),
    fact('completedAt', 'date', 'When it was done.', { nullable: true }),
    fact('createdAt', 'date', 'When it was created.'),
    fact('updatedAt', 'date', 'When it last changed.'),
    fact('assigneeUserId', 'string', 'The member it is assigned to.', { nullable: true, userId: true }),
    fact('assigneeEmail', 'string', "Its assignee's e-mail address.", { nullable: true }),
    fact('createdBy', 'string', 'The member who created it.', { nullable: true, userId: true }),
    fact('meetingId', 'string', 'The meeting it came from.', { nullable: true }),
    fact('meetingTitle', 'string', "That meeting's title.", { nullable: true }),
    fact('meetingTags', 'string[]', "That meeting's tags (empty without a meeting)."),
    fact('meetingOrganizerId', 'string', 'The member who created that meeting: its organiser.', { nullable: true, userId: true }),
    fact('isOpen', 'boolean', 'Status is open or in_progress.'),
    fact('hasAssignee', 'boolean', 'It has an assignee.'),
    fact('hasDueDate', 'boolean', 'It has a due date.'),
    fact('daysOverdue', 'number', 'Whole days past its due date while open; 0 when not overdue.'),
    fact('daysUntilDue', 'number', 'Whole days until its due date (negative once past).', { nullable: true }),
  ],
  meeting: [
    fact('id', 'string', 'The meeting id.'),
    fact('title', 'string', 'Its title.'),
    fact('description', 'string', 'Its description.', { nullable: true }),
    fact('status', 'string', 'Its status.', { values: MEETING_STATUSES }),
    fact('language', 'string', 'Its language (BCP 47).', { nullable: true }),
    fact('tags', 'string[]', 'Its tags.'),
    fact('createdBy', 'string', 'The member who created it: its organiser.', { nullable: true, userId: true }),
    fact('scheduledStartAt', 'date', 'When it was planned to start.', { nullable: true }),
    fact('startedAt', 'date', 'When it started.', { nullable: true }),
    fact('endedAt', 'date', 'When it ended.', { nullable: true }),
    fact('createdAt', 'date', 'When it was created.'),
    fact('durationMinutes', 'number', 'Minutes from start to end (or scheduled start to end).', { nullable: true }),
    fact('participantCount', 'number', 'How many participants it lists.'),
    fact('participantEmails', 'string[]', "Its participants' e-mail addresses."),
    fact('actionItemCount', 'number', 'Action items that belong to it.'),
    fact('openActionItemCount', 'number', 'Of them, those still open or in progress.'),
    fact('hasActionItems', 'boolean', 'It has at least one action item.'),
    fact('hasAnalysis', 'boolean', 'A final analysis is stored.'),
    fact('decisionCount', 'number', 'Decisions in its analysis.', { nullable: true }),
    fact('summary', 'string', "Its analysis's overview.", { nullable: true }),
    fact('topics', 'string[]', "Its analysis's topic titles."),
  ],
};

/** The catalogue of one entity by fact name. */
export function factsOf(entity: RuleEntity): ReadonlyMap<string, FactDefinition> {
  return new Map(FACT_CATALOGUE[entity].map((f) => [f.name, f]));
}
