import { Injectable } from '@nestjs/common';
import {
  assertVersion,
  type FieldError,
  notFound,
  type Page,
  type PageRequest,
  ProblemException,
  RequestContext,
  Transactions,
  validationFailed,
} from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import { WebhooksService } from '../webhooks/webhooks.service';
import { renderTemplate } from './actions/render-template';
import { RULE_OPERATORS } from './conditions/rule-operators';
import { DryRunDto, DryRunResultDto, ReplayDto, ReplayResultDto } from './dto/dry-run.dto';
import { FactCatalogueDto } from './dto/fact-catalogue.dto';
import { RuleDto, RuleVersionDto } from './dto/rule.dto';
import { RuleApplicationDto, RuleApplicationsQuery } from './dto/rule-application.dto';
import { CreateRuleDto, UpdateRuleDto } from './dto/save-rule.dto';
import type { Rule } from './entities/rule.entity';
import type { RuleVersion } from './entities/rule-version.entity';
import { conditionEvaluator } from './conditions/evaluate-conditions';
import { RuleEvaluationService } from './evaluation/rule-evaluation.service';
import { FACT_CATALOGUE } from './facts/fact-catalogue';
import { RuleFactsService } from './facts/rule-facts.service';
import { RuleApplicationsRepository } from './rule-applications.repository';
import { RULE_ENTITIES, RULE_EVENT_ENTITIES, type RuleAction, type RuleDefinition, ruleEntity } from './rule-definition';
import { RuleEventsRepository } from './rule-events.repository';
import { RulesRepository } from './rules.repository';
import { type RuleScheduleState, RuleSchedules } from './schedules/rule-schedules';
import { validateRule } from './validate-rule';

const DAY_MS = 86_400_000;
/** A replay evaluates at most this many events and spans at most this long. */
const REPLAY_MAX_EVENTS = 5000;
const REPLAY_MAX_SPAN_MS = 366 * DAY_MS;

/**
 * Managing rules (admins only; every change audited) and trying them: versions, dry runs, replays over the event
 * trail, and the list of what fired. Evaluation itself is RuleEvaluationService's, in jobs.
 */
@Injectable()
export class RulesService {
  constructor(
    private readonly rules: RulesRepository,
    private readonly applications: RuleApplicationsRepository,
    private readonly events: RuleEventsRepository,
    private readonly evaluation: RuleEvaluationService,
    private readonly facts: RuleFactsService,
    private readonly schedules: RuleSchedules,
    private readonly webhooks: WebhooksService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  catalogue(): FactCatalogueDto {
    const events = Object.entries(RULE_EVENT_ENTITIES);
    return {
      entities: RULE_ENTITIES.map((entity) => ({
        entity,
        events: events.filter(([, e]) => e === entity).map(([type]) => type),
        facts: [...FACT_CATALOGUE[entity]],
        actions: ['notify', 'webhook', ...(entity === 'action_item' ? ['update_action_item'] : []), 'tag_meeting', 'create_action_item'],
      })),
      operators: Object.entries(RULE_OPERATORS).map(([name, o]) => ({ name, ...o })),
    };
  }

  async create(dto: CreateRuleDto): Promise<RuleDto> {
    const definition = await this.checked(dto);
    const caller = RequestContext.caller();
    return this.transactions.run(async () => {
      const rule = await this.rules.save(
        this.rules.create({
          tenantId: caller.tenantId,
          name: dto.name,
          description: dto.description ?? null,
          enabled: dto.enabled ?? true,
          actorUserId: caller.userId,
          latestVersion: 0,
        }),
      );
      const version = await this.addVersion(rule, definition, dto.name, dto.description ?? null);
      await this.audit.record({ action: 'rule.created', entityType: 'rule', entityId: rule.id, metadata: { name: rule.name, version: 1 } });
      await this.schedules.sync(rule.id, null, scheduleState(rule, version));
      return RuleDto.from(rule, version);
    });
  }

  list(request: PageRequest): Promise<Page<RuleDto>> {
    return this.rules.page(request).then(async (page) => ({
      items: await Promise.all(page.items.map(async (rule) => RuleDto.from(rule, await this.activeVersion(rule)))),
      nextCursor: page.nextCursor,
    }));
  }

  async get(id: string): Promise<RuleDto> {
    const rule = await this.rules.get(id);
    return RuleDto.from(rule, await this.activeVersion(rule));
  }

  /**
   * Changes a rule. A new name, description, trigger, conditions or actions makes a new version, which comes into
   * force; `enabled` alone changes no version. The rule's actions act as the admin who saved it last.
   */
  async update(id: string, dto: UpdateRuleDto, ifMatch: number | null | undefined): Promise<RuleDto> {
    const caller = RequestContext.caller();
    return this.transactions.run(async () => {
      const rule = await this.rules.getForUpdate(id);
      assertVersion(ifMatch, rule.version, 'The rule');
      const current = await this.activeVersion(rule);
      const before = scheduleState(rule, current);
      const name = dto.name ?? rule.name;
      const description = dto.description === undefined ? rule.description : dto.description;
      const changesDefinition = dto.trigger !== undefined || dto.conditions !== undefined || dto.actions !== undefined;
      let active = current;
      if (changesDefinition || name !== current.name || description !== current.description) {
        const definition = changesDefinition
          ? await this.checked({
              trigger: dto.trigger ?? current.trigger,
              conditions: dto.conditions ?? current.conditions,
              actions: dto.actions ?? current.actions,
            })
          : { trigger: current.trigger, conditions: current.conditions, actions: current.actions };
        active = await this.addVersion(rule, definition, name, description);
      }
      const enabling = dto.enabled === true && !rule.enabled;
      Object.assign(rule, {
        name,
        description,
        enabled: dto.enabled ?? rule.enabled,
        actorUserId: caller.userId,
        version: rule.version + 1,
        // Turned back on by an admin: its failures start over.
        ...(enabling ? { pausedReason: null, consecutiveFailures: 0 } : {}),
      });
      const saved = await this.rules.save(rule);
      await this.audit.record({
        action: 'rule.updated',
        entityType: 'rule',
        entityId: rule.id,
        metadata: { version: active.number, enabled: saved.enabled, fields: Object.keys(dto) },
      });
      await this.schedules.sync(rule.id, before, scheduleState(saved, active));
      return RuleDto.from(saved, active);
    });
  }

  /** Puts an earlier (or later) version back in force; no version is written. */
  async activate(id: string, number: number, ifMatch: number | null | undefined): Promise<RuleDto> {
    const caller = RequestContext.caller();
    return this.transactions.run(async () => {
      const rule = await this.rules.getForUpdate(id);
      assertVersion(ifMatch, rule.version, 'The rule');
      const version = await this.rules.version(rule.id, number);
      if (!version) throw notFound(`The rule has no version ${number}.`);
      const before = scheduleState(rule, await this.activeVersion(rule));
      Object.assign(rule, {
        activeVersionId: version.id,
        name: version.name,
        description: version.description,
        actorUserId: caller.userId,
      });
      rule.version += 1;
      const saved = await this.rules.save(rule);
      await this.audit.record({ action: 'rule.version_activated', entityType: 'rule', entityId: rule.id, metadata: { version: number } });
      await this.schedules.sync(rule.id, before, scheduleState(saved, version));
      return RuleDto.from(saved, version);
    });
  }

  async remove(id: string, ifMatch: number | null | undefined): Promise<void> {
    await this.transactions.run(async () => {
      const rule = await this.rules.getForUpdate(id);
      assertVersion(ifMatch, rule.version, 'The rule');
      const before = scheduleState(rule, await this.activeVersion(rule));
      await this.rules.remove(rule);
      await this.audit.record({ action: 'rule.deleted', entityType: 'rule', entityId: id, metadata: { name: rule.name } });
      await this.schedules.sync(id, before, null);
    });
  }

  async versions(id: string, request: PageRequest): Promise<Page<RuleVersionDto>> {
    const rule = await this.rules.get(id);
    const page = await this.rules.versionsPage(rule.id, request);
    return { items: page.items.map((v) => RuleVersionDto.from(v, rule.activeVersionId)), nextCursor: page.nextCursor };
  }

  async dryRun(id: string, dto: DryRunDto): Promise<DryRunResultDto> {
    // The rule first: another tenant's id is 404 whatever the body.
    const rule = await this.rules.get(id);
    if ((dto.entityId === undefined) === (dto.eventId === undefined))
      throw validationFailed(
        [{ field: 'entityId', message: 'give exactly one of entityId and eventId' }],
        'Give exactly one of entityId and eventId.',
      );
    const version = await this.versionOf(rule, dto.version);
    const now = new Date();
    const subject = dto.entityId ? { entityId: dto.entityId } : { eventId: dto.eventId! };
    const result = await this.evaluation.explain(version, subject, now);
    if (!result)
      throw notFound(
        dto.entityId
          ? `There is no ${version.entity.replace('_', ' ')} ${dto.entityId} (this rule is about ${version.entity.replace('_', ' ')}s).`
          : `There is no logged event ${dto.eventId} about a ${version.entity.replace('_', ' ')}.`,
      );
    return {
      ruleId: rule.id,
      version: version.number,
      entityId: String(result.facts.id),
      matched: result.outcome.matched,
      conditions: result.outcome.conditions,
      facts: result.facts,
      actions: result.outcome.matched
        ? version.actions.map((action) => ({ type: action.type, action: planned(action, result.facts) }))
        : [],
    };
  }

  /**
   * Evaluates a version against the logged events of its trigger in [from, to), each at the time it happened, and
   * reports where it would have fired; nothing acts. A scheduled rule has no events to replay (422).
   */
  async replay(id: string, dto: ReplayDto): Promise<ReplayResultDto> {
    const rule = await this.rules.get(id);
    if (dto.from >= dto.to) throw validationFailed([{ field: 'from', message: 'from must be before to' }], 'from must be before to.');
    if (dto.to.getTime() - dto.from.getTime() > REPLAY_MAX_SPAN_MS)
      throw validationFailed([{ field: 'from', message: 'the period may span at most 366 days' }], 'The period may span at most 366 days.');
    const version = await this.versionOf(rule, dto.version);
    if (version.trigger.type !== 'event')
      throw new ProblemException({
        status: 422,
        slug: 'invalid-rule',
        title: 'Invalid rule',
        detail:
          'Replay evaluates event-triggered rules against past events; this version runs on a schedule. Use a dry run on an entity instead.',
      });
    const tenantId = RequestContext.tenantId();
    const events = await this.events.between(tenantId, version.eventTypes, dto.from, dto.to, REPLAY_MAX_EVENTS + 1);
    const truncated = events.length > REPLAY_MAX_EVENTS;
    const considered = events.slice(0, REPLAY_MAX_EVENTS);
    const fired = await this.applications.firedEvents(
      tenantId,
      version.id,
      considered.map((e) => e.id),
    );
    const evaluate = new Map<number, ReturnType<typeof conditionEvaluator>>();
    const wouldFire: ReplayResultDto['wouldFire'] = [];
    let skipped = 0;
    for (const event of considered) {
      const facts = await this.facts.forEvent(event, event.occurredAt);
      if (!facts) {
        skipped++;
        continue;
      }
      // Each event is judged at the time it happened: "overdue by 3 days" means by then.
      const at = event.occurredAt.getTime();
      let evaluator = evaluate.get(at);
      if (!evaluator)
        evaluate.set(at, (evaluator = conditionEvaluator([{ id: version.id, conditions: version.conditions }], event.occurredAt)));
      const outcome = (await evaluator(facts)).get(version.id)!;
      if (evaluate.size > 100) evaluate.clear();
      if (outcome.matched)
        wouldFire.push({
          eventId: event.id,
          eventType: event.type,
          entityId: event.entityId,
          occurredAt: event.occurredAt,
          alreadyFired: fired.has(event.id),
          conditions: outcome.conditions,
        });
    }
    return {
      ruleId: rule.id,
      version: version.number,
      from: dto.from,
      to: dto.to,
      evaluated: considered.length - skipped,
      skipped,
      truncated,
      wouldFire,
    };
  }

  async applicationsPage(query: RuleApplicationsQuery): Promise<Page<RuleApplicationDto>> {
    const page = await this.applications.page(query, query);
    return { items: page.items.map(RuleApplicationDto.from), nextCursor: page.nextCursor };
  }

  /** The definition validated (422 `invalid-rule` listing every problem by path), with its webhooks checked to exist in the tenant. */
  private async checked(input: { trigger: unknown; conditions: unknown; actions: unknown }): Promise<RuleDefinition> {
    const { definition, errors } = validateRule(input);
    if (definition) {
      const tenantId = RequestContext.tenantId();
      for (const [i, action] of definition.actions.entries())
        if (action.type === 'webhook' && !(await this.webhooks.exists(tenantId, action.webhookId)))
          errors.push({ field: `actions[${i}].webhookId`, message: 'is not a webhook of this tenant' });
    }
    if (!definition || errors.length) throw invalidRule(errors);
    return definition;
  }

  private async addVersion(rule: Rule, definition: RuleDefinition, name: string, description: string | null): Promise<RuleVersion> {
    const version = await this.rules.addVersion({
      tenantId: rule.tenantId,
      ruleId: rule.id,
      number: rule.latestVersion + 1,
      name,
      description,
      entity: ruleEntity(definition.trigger),
      eventTypes: definition.trigger.type === 'event' ? definition.trigger.events : [],
      trigger: definition.trigger,
      conditions: definition.conditions,
      actions: definition.actions,
      createdBy: RequestContext.actorUserId(),
    });
    rule.latestVersion = version.number;
    rule.activeVersionId = version.id;
    await this.rules.save(rule);
    return version;
  }

  private async activeVersion(rule: Rule): Promise<RuleVersion> {
    const version = rule.activeVersionId ? await this.rules.versionById(rule.activeVersionId) : null;
    if (!version) throw new Error(`rule ${rule.id} has no version in force`);
    return version;
  }

  private async versionOf(rule: Rule, number: number | undefined): Promise<RuleVersion> {
    if (number === undefined) return this.activeVersion(rule);
    const version = await this.rules.version(rule.id, number);
    if (!version) throw notFound(`The rule has no version ${number}.`);
    return version;
  }
}

function scheduleState(rule: Rule, version: RuleVersion): RuleScheduleState {
  return { tenantId: rule.tenantId, enabled: rule.enabled, versionId: version.id, actorUserId: rule.actorUserId, trigger: version.trigger };
}

function invalidRule(errors: FieldError[]): ProblemException {
  return new ProblemException({
    status: 422,
    slug: 'invalid-rule',
    title: 'Invalid rule',
    detail: `The rule cannot be saved: ${errors
      .slice(0, 3)
      .map((e) => `${e.field} ${e.message}`)
      .join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}.`,
    errors,
  });
}

/** An action as a dry run shows it: templates filled in with the entity's facts. */
function planned(action: RuleAction, facts: Record<string, unknown>): Record<string, unknown> {
  if (action.type === 'notify')
    return {
      ...action,
      title: renderTemplate(action.title, facts, 200),
      ...(action.body ? { body: renderTemplate(action.body, facts, 2000) } : {}),
    };
  if (action.type === 'create_action_item') return { ...action, title: renderTemplate(action.title, facts, 200) };
  return { ...action };
}
