import { Injectable } from '@nestjs/common';
import { ActionItemsService, CreateActionItemDto, UpdateActionItemDto } from '@quorum/action-items';
import { MeetingsService, UpdateMeetingDto } from '@quorum/meetings';
import { ProblemException } from '@quorum/platform';
import { NotificationsService } from '../../notifications/notifications.service';
import { WebhooksService } from '../../webhooks/webhooks.service';
import type { Facts } from '../conditions/evaluate-conditions';
import type { RuleAction, RuleEntity } from '../rule-definition';
import type { ActionOutcome } from './action-outcome';
import { renderTemplate } from './render-template';

const DAY_MS = 86_400_000;

/** What an action acts on and for: the firing (its id makes every action's effect happen once) and the entity's facts. */
export interface ActionContext {
  tenantId: string;
  applicationId: string;
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  entity: RuleEntity;
  entityId: string;
  facts: Facts;
  now: Date;
}

/**
 * Carries out a fired rule's actions in order, each on its own: one that fails is reported with its reason and the
 * others still run. Runs in the rule's actor's RequestContext, so changes are made, checked and audited as that
 * admin's. Effects are keyed by the application id (notifications' dedupe key, the webhook message id), so a repeat
 * adds nothing.
 */
@Injectable()
export class RuleActionsService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    private readonly actionItems: ActionItemsService,
    private readonly meetings: MeetingsService,
  ) {}

  async run(actions: readonly RuleAction[], context: ActionContext): Promise<ActionOutcome[]> {
    const outcomes: ActionOutcome[] = [];
    for (const [index, action] of actions.entries()) {
      try {
        outcomes.push({ type: action.type, ok: true, detail: await this.one(action, index, context) });
      } catch (error) {
        outcomes.push({ type: action.type, ok: false, error: reason(error) });
      }
    }
    return outcomes;
  }

  private async one(action: RuleAction, index: number, c: ActionContext): Promise<Record<string, unknown>> {
    switch (action.type) {
      case 'notify': {
        const fromFacts = (action.recipients.facts ?? []).map((f) => c.facts[f]).filter((v): v is string => typeof v === 'string');
        const sent = await this.notifications.notify({
          tenantId: c.tenantId,
          userIds: [...new Set([...(action.recipients.userIds ?? []), ...fromFacts])],
          roles: action.recipients.roles,
          type: 'rule.fired',
          title: renderTemplate(action.title, c.facts, 200),
          body: action.body ? renderTemplate(action.body, c.facts, 2000) : undefined,
          data: {
            ruleId: c.ruleId,
            ruleVersion: c.ruleVersion,
            entityType: c.entity,
            entityId: c.entityId,
            applicationId: c.applicationId,
          },
          link: c.entity === 'meeting' ? `/api/v1/meetings/${c.entityId}` : `/api/v1/action-items/${c.entityId}`,
          dedupeKey: `rule:${c.applicationId}:${index}`,
          channels: action.channels,
        });
        return { notified: sent.length };
      }
      case 'webhook': {
        const messageId = `msg_rule_${c.applicationId}_${index}`;
        await this.webhooks.sendTo(
          c.tenantId,
          action.webhookId,
          'rule.fired',
          {
            ruleId: c.ruleId,
            ruleName: c.ruleName,
            ruleVersion: c.ruleVersion,
            entityType: c.entity,
            entityId: c.entityId,
            facts: c.facts,
          },
          messageId,
        );
        return { webhookId: action.webhookId, messageId };
      }
      case 'update_action_item': {
        const change: Partial<UpdateActionItemDto> = {};
        if (action.priority !== undefined && action.priority !== c.facts.priority) change.priority = action.priority;
        if (action.status !== undefined && action.status !== c.facts.status) change.status = action.status;
        if (action.assigneeUserId !== undefined && action.assigneeUserId !== c.facts.assigneeUserId)
          change.assigneeUserId = action.assigneeUserId;
        // Nothing to change makes no event, so a rule cannot trigger itself again by restating what holds.
        if (!Object.keys(change).length) return { unchanged: true };
        const updated = await this.actionItems.update(c.entityId, Object.assign(new UpdateActionItemDto(), change), null);
        return { actionItemId: updated.id, version: updated.version, changed: Object.keys(change) };
      }
      case 'tag_meeting': {
        // A meeting rule tags its meeting; an action item rule, the item's meeting.
        const meetingId = c.entity === 'meeting' ? c.entityId : c.facts.meetingId;
        if (typeof meetingId !== 'string') throw new Error('the action item belongs to no meeting, so there is no meeting to tag');
        return this.tagMeeting(meetingId, action.tag);
      }
      case 'create_action_item': {
        const assignee = action.assigneeFact ? c.facts[action.assigneeFact] : undefined;
        const meetingId = c.entity === 'meeting' ? c.entityId : c.facts.meetingId;
        const created = await this.actionItems.create(
          Object.assign(new CreateActionItemDto(), {
            title: renderTemplate(action.title, c.facts, 200),
            description: action.description ? renderTemplate(action.description, c.facts, 2000) : null,
            priority: action.priority,
            assigneeUserId: typeof assignee === 'string' ? assignee : null,
            dueAt: action.dueInDays !== undefined ? new Date(c.now.getTime() + action.dueInDays * DAY_MS) : null,
            meetingId: typeof meetingId === 'string' ? meetingId : null,
          }),
        );
        return { actionItemId: created.id };
      }
    }
  }

  /** Adds the tag unless it is there, with If-Match so a concurrent edit of the tags is not overwritten; once more on a conflict. */
  private async tagMeeting(meetingId: string, tag: string, attempt = 1): Promise<Record<string, unknown>> {
    const meeting = await this.meetings.get(meetingId);
    if (meeting.tags.includes(tag)) return { unchanged: true };
    try {
      const updated = await this.meetings.update(
        meetingId,
        Object.assign(new UpdateMeetingDto(), { tags: [...meeting.tags, tag] }),
        meeting.version,
      );
      return { meetingId, version: updated.version, tag };
    } catch (error) {
      if (attempt < 3 && error instanceof ProblemException && error.getStatus() === 412)
        return this.tagMeeting(meetingId, tag, attempt + 1);
      throw error;
    }
  }
}

/** A failure as the application records it: the problem's detail, or the error's message; never a stack. */
export function reason(error: unknown): string {
  if (error instanceof ProblemException) return `${error.getStatus()} ${error.detail}`.slice(0, 500);
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
