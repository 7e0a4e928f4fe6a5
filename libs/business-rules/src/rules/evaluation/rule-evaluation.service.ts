import { Injectable, Logger } from '@nestjs/common';
import { ActionItemsService, ListActionItemsQuery } from '@quorum/action-items';
import { ListMeetingsQuery, type MeetingDto, MeetingsService } from '@quorum/meetings';
import { type Principal, RequestContext } from '@quorum/platform';
import { AuditService, TenantsService } from '@quorum/tenants';
import { NotificationsService } from '../../notifications/notifications.service';
import type { ActionOutcome } from '../actions/action-outcome';
import { reason, RuleActionsService } from '../actions/rule-actions.service';
import { parseDuration } from '../conditions/duration';
import { type ConditionOutcome, conditionEvaluator, type Facts } from '../conditions/evaluate-conditions';
import { certainlyUnmatched } from '../conditions/quick-reject';
import type { Rule } from '../entities/rule.entity';
import type { RuleVersion } from '../entities/rule-version.entity';
import { orNull, RuleFactsService } from '../facts/rule-facts.service';
import { type ApplicationClaim, RuleApplicationsRepository } from '../rule-applications.repository';
import { RULE_EVENT_ENTITIES, type RuleEntity, type RuleEventType } from '../rule-definition';
import { RuleEventsRepository } from '../rule-events.repository';
import { type ActiveRule, RulesRepository } from '../rules.repository';
import { candidateFilters } from '../schedules/candidate-filters';
import { ruleCascadeDepth, rulePrincipal } from './rule-principal';
import { RuleMetrics, type TriggerKind } from './rule-metrics';

/** Evaluations in a row that fail before a rule is turned off and the admins told. */
export const RULE_FAILURE_LIMIT = 5;
/** A scheduled scan reads this many rows per page. */
const SCAN_PAGE = 100;
/** Firings whose actions run at once within one run (the DB pool is shared with the rest of the process). */
const FIRE_CONCURRENCY = 4;

/** Runs `work` over `items`, at most `limit` at a time. */
async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/** Whether countOutcome turned the rule off during this run (read through a call: the compiler cannot see that change). */
function pausedMeanwhile(rule: Rule): boolean {
  return !rule.enabled;
}

/** One entity a rule matched, about to be claimed and acted on. */
interface Match {
  active: ActiveRule;
  trigger: string;
  window: string;
  entityId: string;
  eventId: string | null;
  facts: Facts;
  outcome: ConditionOutcome;
}

export interface EventRunResult {
  rules: number;
  fired: number;
}

export interface ScheduleRunResult {
  scanned: number;
  matched: number;
  fired: number;
  skipped?: string;
}

/**
 * Runs rules: one logged event through the tenant's rules that it triggers, or one scheduled rule over the rows its
 * conditions can match. Each match is claimed in rule_applications before its actions run, so a firing happens at
 * most once per (version, entity, window) whoever runs it and however often; a rule that breaks is recorded with
 * the reason, the other rules still run, and a rule that keeps failing is turned off and its tenant's admins told.
 */
@Injectable()
export class RuleEvaluationService {
  private readonly logger = new Logger('Rules');

  constructor(
    private readonly rules: RulesRepository,
    private readonly events: RuleEventsRepository,
    private readonly applications: RuleApplicationsRepository,
    private readonly facts: RuleFactsService,
    private readonly actions: RuleActionsService,
    private readonly actionItems: ActionItemsService,
    private readonly meetings: MeetingsService,
    private readonly tenants: TenantsService,
    private readonly notifications: NotificationsService,
    private readonly metrics: RuleMetrics,
    private readonly audit: AuditService,
  ) {}

  async runEvent(tenantId: string, eventId: string): Promise<EventRunResult> {
    const started = performance.now();
    const event = await this.events.find(tenantId, eventId);
    if (!event) return { rules: 0, fired: 0 };
    const active = await this.rules.activeForEvent(tenantId, event.type);
    if (!active.length) return { rules: 0, fired: 0 };
    const now = new Date();
    const facts = await this.facts.forEvent(event, now);
    // The entity is gone (a meeting deleted before its analysis landed): there is nothing to act on.
    if (!facts) return { rules: active.length, fired: 0 };
    const outcomes = await this.evaluateEach(active, facts, now, 'event');
    const matches: Match[] = [];
    for (const a of active) {
      const outcome = outcomes.get(a.version.id);
      if (outcome instanceof Error) {
        await this.recordError(tenantId, a, event.type, event.id, event.entityId, event.id, outcome);
        continue;
      }
      if (outcome?.matched)
        matches.push({ active: a, trigger: event.type, window: event.id, entityId: event.entityId, eventId: event.id, facts, outcome });
    }
    const fired = await this.fire(tenantId, matches, now, ruleCascadeDepth());
    this.metrics.run('event', (performance.now() - started) / 1000);
    return { rules: active.length, fired };
  }

  async runSchedule(tenantId: string, ruleId: string, versionId: string, tickMs: number, signal?: AbortSignal): Promise<ScheduleRunResult> {
    const started = performance.now();
    const rule = await orNull(this.rules.get(ruleId));
    // A schedule left behind by a rule since deleted, turned off or changed: the current version's own schedule runs instead.
    if (!rule || !rule.enabled || rule.activeVersionId !== versionId)
      return { scanned: 0, matched: 0, fired: 0, skipped: 'stale schedule' };
    const version = await this.rules.versionById(versionId);
    if (!version || version.trigger.type !== 'schedule') return { scanned: 0, matched: 0, fired: 0, skipped: 'not a scheduled version' };
    const active: ActiveRule = { rule, version };
    const refire = version.trigger.refireAfter ? parseDuration(version.trigger.refireAfter) : null;
    const window = refire ? `p${Math.floor(tickMs / refire)}` : 'once';
    const now = new Date();
    const evaluate = conditionEvaluator([{ id: version.id, conditions: version.conditions }], now);
    const filters = candidateFilters(version.entity, version.conditions, now);
    let scanned = 0;
    let matched = 0;
    let fired = 0;
    let cursor: string | undefined;
    const meetingCache = new Map<string, Promise<MeetingDto | null>>();
    do {
      signal?.throwIfAborted();
      const page = await this.scanPage(version.entity, filters, cursor);
      cursor = page.nextCursor ?? undefined;
      scanned += page.items.length;
      const matches: Match[] = [];
      for (const item of page.items) {
        const facts: Facts =
          version.entity === 'action_item'
            ? await this.facts.ofActionItem(item as never, now, meetingCache)
            : await this.facts.ofMeeting(item as MeetingDto);
        let outcome: ConditionOutcome | undefined;
        try {
          outcome = (await evaluate(facts)).get(version.id);
        } catch (error) {
          this.metrics.evaluated('schedule', 'error');
          await this.recordError(tenantId, active, 'schedule', window, String(facts.id), null, error as Error);
          continue;
        }
        if (outcome?.matched)
          matches.push({ active, trigger: 'schedule', window, entityId: String(facts.id), eventId: null, facts, outcome });
      }
      matched += matches.length;
      this.metrics.evaluated('schedule', 'matched', matches.length);
      this.metrics.evaluated('schedule', 'not_matched', page.items.length - matches.length);
      fired += await this.fire(tenantId, matches, now, 0);
      // Paused for failing meanwhile: the rest of the scan would only fail again.
    } while (cursor && !pausedMeanwhile(rule));
    this.metrics.run('schedule', (performance.now() - started) / 1000);
    this.logger.log({ tenantId, ruleId, window, scanned, matched, fired }, 'scheduled rule ran');
    return { scanned, matched, fired };
  }

  /** Evaluates a version against an entity as it is now, or a logged event, acting on nothing: the dry run. */
  async explain(
    version: RuleVersion,
    subject: { entityId: string } | { eventId: string },
    now: Date,
  ): Promise<{ facts: Facts; outcome: ConditionOutcome } | null> {
    const tenantId = RequestContext.tenantId();
    let facts: Facts | null;
    if ('eventId' in subject) {
      const event = await this.events.find(tenantId, subject.eventId);
      if (!event || RULE_EVENT_ENTITIES[event.type as RuleEventType] !== version.entity) return null;
      facts = await this.facts.forEvent(event, now);
    } else facts = await this.facts.load(version.entity, subject.entityId, now);
    if (!facts) return null;
    const outcome = (await conditionEvaluator([{ id: version.id, conditions: version.conditions }], now)(facts)).get(version.id)!;
    return { facts, outcome };
  }

  /**
   * The rules a quick check cannot rule out (certainlyUnmatched), in one engine run; if that throws, each rule on
   * its own, so one broken rule costs only itself. A rule's entry is its outcome, or the Error it threw; rules the
   * quick check ruled out have none.
   */
  private async evaluateEach(
    active: ActiveRule[],
    facts: Facts,
    now: Date,
    trigger: TriggerKind,
  ): Promise<Map<string, ConditionOutcome | Error>> {
    const candidates = active
      .filter((a) => !certainlyUnmatched(a.version.conditions, facts))
      .map((a) => ({ id: a.version.id, conditions: a.version.conditions }));
    this.metrics.evaluated(trigger, 'not_matched', active.length - candidates.length);
    let outcomes: Map<string, ConditionOutcome | Error>;
    try {
      outcomes = candidates.length ? await conditionEvaluator(candidates, now)(facts) : new Map();
    } catch {
      outcomes = new Map();
      for (const rule of candidates) {
        try {
          const one = await conditionEvaluator([rule], now)(facts);
          outcomes.set(rule.id, one.get(rule.id)!);
        } catch (error) {
          outcomes.set(rule.id, error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
    for (const outcome of outcomes.values())
      this.metrics.evaluated(trigger, outcome instanceof Error ? 'error' : outcome.matched ? 'matched' : 'not_matched');
    return outcomes;
  }

  private async scanPage(entity: RuleEntity, filters: ReturnType<typeof candidateFilters>, cursor: string | undefined) {
    if (entity === 'action_item')
      return this.actionItems.list(
        Object.assign(new ListActionItemsQuery(), {
          status: filters.status,
          priority: filters.priority,
          dueFrom: filters.dueFrom,
          dueTo: filters.dueTo,
          // A due-date bound reads the (tenant, due_at) index in order; otherwise creation order, also indexed.
          sort: filters.dueFrom || filters.dueTo ? 'dueAt' : 'createdAt',
          limit: SCAN_PAGE,
          cursor,
        }),
      );
    return this.meetings.list(
      Object.assign(new ListMeetingsQuery(), { status: filters.status, tag: filters.tag, limit: SCAN_PAGE, cursor }),
    );
  }

  /** Claims the matches, runs the actions of those this caller claimed, and records how they went; returns how many fired. */
  private async fire(tenantId: string, matches: Match[], now: Date, depth: number): Promise<number> {
    if (!matches.length) return 0;
    const claims: ApplicationClaim[] = matches.map((m) => ({
      ruleId: m.active.rule.id,
      ruleVersionId: m.active.version.id,
      ruleVersionNumber: m.active.version.number,
      trigger: m.trigger,
      window: m.window,
      entityType: m.active.version.entity,
      entityId: m.entityId,
      eventId: m.eventId,
      status: 'running',
      conditions: m.outcome.conditions,
    }));
    const claimed = await this.applications.claim(tenantId, claims);
    const byKey = new Map(matches.map((m) => [`${m.active.version.id}/${m.entityId}/${m.window}`, m]));
    // One membership read per rule, however many entities it fired on (a scheduled scan fires on many).
    const actors = new Map<string, Promise<Principal | string>>();
    const fireOne = async (application: (typeof claimed)[number]): Promise<void> => {
      const match = byKey.get(`${application.ruleVersionId}/${application.entityId}/${application.window}`)!;
      const { rule, version } = match.active;
      let outcomes: ActionOutcome[];
      let error: string | null = null;
      let pendingActor = actors.get(rule.id);
      if (!pendingActor) actors.set(rule.id, (pendingActor = this.actorOf(tenantId, rule, depth)));
      const actor = await pendingActor;
      if (typeof actor === 'string') {
        outcomes = [];
        error = actor;
      } else
        outcomes = await RequestContext.run(actor, () =>
          this.actions.run(version.actions, {
            tenantId,
            applicationId: application.id,
            ruleId: rule.id,
            ruleName: rule.name,
            ruleVersion: version.number,
            entity: version.entity,
            entityId: match.entityId,
            facts: match.facts,
            now,
          }),
        );
      for (const o of outcomes) this.metrics.action(o.type, o.ok);
      const failed = error !== null || outcomes.some((o) => !o.ok);
      if (failed && !error)
        error = outcomes
          .filter((o) => !o.ok)
          .map((o) => `${o.type}: ${o.error}`)
          .join('; ');
      await this.applications.finish(
        tenantId,
        application.id,
        error && !outcomes.length ? 'error' : failed ? 'failed' : 'fired',
        outcomes,
        error,
      );
      await this.countOutcome(tenantId, rule, failed, error);
    };
    // A few firings at once: each waits mostly on the database (notifications, the item it changes).
    await inBatches(claimed, FIRE_CONCURRENCY, fireOne);
    return claimed.length;
  }

  /** Who the actions act as: the rule's last editor, while still an admin of the tenant; otherwise why not. */
  private async actorOf(tenantId: string, rule: Rule, depth: number): Promise<Principal | string> {
    if (!rule.actorUserId) return 'the admin who saved this rule is gone; save it again to act as yourself';
    const member = (await this.tenants.membersOf(tenantId, { userIds: [rule.actorUserId] })).at(0);
    if (!member || (member.role !== 'admin' && member.role !== 'owner'))
      return 'the member who saved this rule is no longer an admin; an admin must save it again';
    return rulePrincipal(tenantId, rule.actorUserId, member.role, depth + 1);
  }

  private async recordError(
    tenantId: string,
    a: ActiveRule,
    trigger: string,
    window: string,
    entityId: string,
    eventId: string | null,
    error: Error,
  ) {
    this.logger.warn({ err: error, ruleId: a.rule.id, tenantId }, 'a rule could not be evaluated');
    const claimed = await this.applications.claim(tenantId, [
      {
        ruleId: a.rule.id,
        ruleVersionId: a.version.id,
        ruleVersionNumber: a.version.number,
        trigger,
        window,
        entityType: a.version.entity,
        entityId,
        eventId,
        status: 'error',
        conditions: [],
        error: reason(error),
      },
    ]);
    // Claimed already (a retry of the same evaluation): counted then.
    if (claimed.length) await this.countOutcome(tenantId, a.rule, true, reason(error));
  }

  /** Counts the outcome; at the limit, turns the rule off and tells the tenant's admins, once. */
  private async countOutcome(tenantId: string, rule: Rule, failed: boolean, error: string | null): Promise<void> {
    // A success with no failures counted when the rule was read has nothing to clear: no write on the common path.
    if (!failed && rule.consecutiveFailures === 0) return;
    const count = await this.rules.countOutcome(tenantId, rule.id, failed);
    if (count !== null) rule.consecutiveFailures = count;
    if (!failed || count === null || count < RULE_FAILURE_LIMIT) return;
    const why = `paused after ${count} failed evaluations in a row; last: ${error ?? 'unknown'}`;
    rule.enabled = false;
    if (!(await this.rules.pause(tenantId, rule.id, why))) return;
    this.metrics.pausedRule();
    await this.audit.record({
      tenantId,
      actorUserId: null,
      action: 'rule.paused',
      entityType: 'rule',
      entityId: rule.id,
      metadata: { failures: count, lastError: error },
    });
    this.logger.warn({ tenantId, ruleId: rule.id, failures: count }, 'a rule was paused after repeated failures');
    await this.notifications
      .notify({
        tenantId,
        roles: ['admin', 'owner'],
        type: 'rule.paused',
        title: `Rule "${rule.name.slice(0, 150)}" was paused`,
        body: why,
        data: { ruleId: rule.id },
        link: `/api/v1/rules/${rule.id}`,
        dedupeKey: `rule-paused:${rule.id}:${rule.version}`,
      })
      .catch((e: Error) => this.logger.warn({ err: e, ruleId: rule.id }, 'could not tell the admins a rule was paused'));
  }
}
