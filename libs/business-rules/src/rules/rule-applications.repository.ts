import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  byCreation,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import type { ActionOutcome } from './actions/action-outcome';
import type { ConditionExplanation } from './conditions/evaluate-conditions';
import { type ApplicationStatus, RuleApplication } from './entities/rule-application.entity';

const NEWEST_FIRST = byCreation<RuleApplication>('a');

/** What claims a firing: the unique key (version, entity, window) and why it fired. */
export interface ApplicationClaim {
  ruleId: string;
  ruleVersionId: string;
  ruleVersionNumber: number;
  trigger: string;
  window: string;
  entityType: string;
  entityId: string;
  eventId: string | null;
  status: ApplicationStatus;
  conditions: ConditionExplanation[];
  error?: string | null;
}

export interface ApplicationFilters {
  ruleId?: string;
  status?: ApplicationStatus;
  entityId?: string;
  from?: Date;
  to?: Date;
}

/** Rule applications: the at-most-once claim of a firing, its outcome, and the filtered list. */
@Injectable()
export class RuleApplicationsRepository {
  constructor(
    @InjectTenantRepository(RuleApplication) private readonly applications: TenantRepository<RuleApplication>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Inserts the claims that are new and returns them; a claim whose (version, entity, window) is already stored (an
   * earlier attempt, another worker) is left out, so only the caller that stored it runs its actions.
   */
  async claim(tenantId: string, claims: ApplicationClaim[]): Promise<RuleApplication[]> {
    if (!claims.length) return [];
    const rows: { id: string; entity_id: string; rule_version_id: string; window: string; created_at: Date }[] =
      await this.transactions.manager.query(
        `INSERT INTO rule_applications
           (tenant_id, rule_id, rule_version_id, rule_version_number, trigger, "window", entity_type, entity_id, event_id, status, conditions, error)
         SELECT $1, c.rule_id, c.rule_version_id, c.rule_version_number, c.trigger, c.window, c.entity_type, c.entity_id, c.event_id, c.status, c.conditions, c.error
         FROM jsonb_to_recordset($2::jsonb) AS c(rule_id uuid, rule_version_id uuid, rule_version_number int, trigger text, "window" text,
              entity_type text, entity_id uuid, event_id uuid, status text, conditions jsonb, error text)
         ON CONFLICT (rule_version_id, entity_id, "window") DO NOTHING
         RETURNING id, entity_id, rule_version_id, "window", created_at`,
        [
          tenantId,
          JSON.stringify(
            claims.map((c) => ({
              rule_id: c.ruleId,
              rule_version_id: c.ruleVersionId,
              rule_version_number: c.ruleVersionNumber,
              trigger: c.trigger,
              window: c.window,
              entity_type: c.entityType,
              entity_id: c.entityId,
              event_id: c.eventId,
              status: c.status,
              conditions: c.conditions,
              error: c.error ?? null,
            })),
          ),
        ],
      );
    const byKey = new Map(claims.map((c) => [`${c.ruleVersionId}/${c.entityId}/${c.window}`, c]));
    return rows.map((row) => {
      const claim = byKey.get(`${row.rule_version_id}/${row.entity_id}/${row.window}`)!;
      return Object.assign(new RuleApplication(), {
        ...claim,
        id: row.id,
        tenantId,
        actions: [],
        error: claim.error ?? null,
        createdAt: row.created_at,
      });
    });
  }

  async finish(tenantId: string, id: string, status: ApplicationStatus, actions: ActionOutcome[], error: string | null): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE rule_applications SET status = $3, actions = $4::jsonb, error = $5 WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, status, JSON.stringify(actions), error?.slice(0, 1000) ?? null],
    );
  }

  /** Which of these (version, window) firings of entities are stored already, for replay's "already fired". */
  async firedEvents(tenantId: string, ruleVersionId: string, eventIds: string[]): Promise<Set<string>> {
    if (!eventIds.length) return new Set();
    const rows: { event_id: string }[] = await this.transactions.manager.query(
      `SELECT event_id FROM rule_applications WHERE tenant_id = $1 AND rule_version_id = $2 AND event_id = ANY($3::uuid[])`,
      [tenantId, ruleVersionId, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  page(filters: ApplicationFilters, request: PageRequest): Promise<Page<RuleApplication>> {
    const qb = this.applications.query('a');
    if (filters.ruleId) qb.andWhere('a.ruleId = :ruleId', { ruleId: filters.ruleId });
    if (filters.status) qb.andWhere('a.status = :status', { status: filters.status });
    if (filters.entityId) qb.andWhere('a.entityId = :entityId', { entityId: filters.entityId });
    if (filters.from) qb.andWhere('a.createdAt >= :from', { from: filters.from });
    if (filters.to) qb.andWhere('a.createdAt < :to', { to: filters.to });
    return keysetPage(qb, request, { limits: PAGE_LIMITS.standard, order: NEWEST_FIRST, map: (a) => a });
  }
}
