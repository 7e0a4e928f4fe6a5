import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  byCreation,
  keysetPage,
  type KeysetOrder,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { Rule } from './entities/rule.entity';
import { RuleVersion } from './entities/rule-version.entity';

const NEWEST_FIRST = byCreation<Rule>('r');

const VERSIONS_NEWEST_FIRST: KeysetOrder<RuleVersion> = {
  key: 'v.number',
  id: 'v.id',
  kind: 'number',
  direction: 'DESC',
  position: (v) => ({ value: v.number, id: v.id }),
};

/** A rule in force, with the version that is. */
export interface ActiveRule {
  rule: Rule;
  version: RuleVersion;
}

/** Rules and their versions. */
@Injectable()
export class RulesRepository {
  constructor(
    @InjectTenantRepository(Rule) private readonly rules: TenantRepository<Rule>,
    @InjectTenantRepository(RuleVersion) private readonly versions: TenantRepository<RuleVersion>,
    private readonly transactions: Transactions,
  ) {}

  get(id: string): Promise<Rule> {
    return this.rules.getById(id);
  }

  getForUpdate(id: string): Promise<Rule> {
    return this.rules.getForUpdate(id);
  }

  page(request: PageRequest): Promise<Page<Rule>> {
    return keysetPage(this.rules.query('r'), request, { limits: PAGE_LIMITS.standard, order: NEWEST_FIRST, map: (r) => r });
  }

  save(rule: Rule): Promise<Rule> {
    return this.rules.save(rule);
  }

  create(data: Partial<Rule>): Rule {
    return this.rules.create(data);
  }

  remove(rule: Rule): Promise<void> {
    return this.rules.remove(rule);
  }

  addVersion(data: Partial<RuleVersion>): Promise<RuleVersion> {
    return this.versions.save(this.versions.create(data));
  }

  async version(ruleId: string, number?: number): Promise<RuleVersion | null> {
    if (number === undefined) return this.versions.findOne({ where: { ruleId }, order: { number: 'DESC' } });
    return this.versions.findOne({ where: { ruleId, number } });
  }

  versionById(id: string): Promise<RuleVersion | null> {
    return this.versions.findById(id);
  }

  versionsPage(ruleId: string, request: PageRequest): Promise<Page<RuleVersion>> {
    return keysetPage(this.versions.query('v').andWhere('v.ruleId = :ruleId', { ruleId }), request, {
      limits: PAGE_LIMITS.standard,
      order: VERSIONS_NEWEST_FIRST,
      map: (v) => v,
    });
  }

  /** The enabled rules of a tenant whose version in force is triggered by this event type. */
  async activeForEvent(tenantId: string, eventType: string): Promise<ActiveRule[]> {
    const rows = await this.rules
      .forTenant(tenantId)
      .query('r')
      .innerJoinAndMapOne('r.activeVersion', RuleVersion, 'v', 'v.id = r.activeVersionId')
      .andWhere('r.enabled')
      .andWhere(':eventType = ANY(v.eventTypes)', { eventType })
      .orderBy('r.createdAt', 'ASC')
      .getMany();
    return rows.map((rule) => ({ rule, version: (rule as Rule & { activeVersion: RuleVersion }).activeVersion }));
  }

  /** Whether a tenant has any enabled rule for this event type: the cheap test before queueing an evaluation. */
  async anyActiveForEvent(tenantId: string, eventType: string): Promise<boolean> {
    const rows: unknown[] = await this.transactions.manager.query(
      `SELECT 1 FROM rules r JOIN rule_versions v ON v.id = r.active_version_id
       WHERE r.tenant_id = $1 AND r.enabled AND $2 = ANY(v.event_types) LIMIT 1`,
      [tenantId, eventType],
    );
    return rows.length > 0;
  }

  /** Every enabled scheduled rule of every tenant, to declare their schedules at start. */
  scheduled(): Promise<{ tenant_id: string; rule_id: string; version_id: string; actor_user_id: string | null; trigger: unknown }[]> {
    return this.transactions.manager.query(
      `SELECT r.tenant_id, r.id AS rule_id, v.id AS version_id, r.actor_user_id, v.trigger
       FROM rules r JOIN rule_versions v ON v.id = r.active_version_id
       WHERE r.enabled AND v.trigger->>'type' = 'schedule'`,
    );
  }

  /**
   * Counts a failure, or clears the count after a success, in one statement (two workers may finish evaluations of
   * one rule at once). Returns the new count, or null when the rule is gone.
   */
  async countOutcome(tenantId: string, ruleId: string, failed: boolean): Promise<number | null> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ consecutive_failures: number }[], number] = await this.transactions.manager.query(
      failed
        ? `UPDATE rules SET consecutive_failures = consecutive_failures + 1 WHERE tenant_id = $1 AND id = $2 RETURNING consecutive_failures`
        : `UPDATE rules SET consecutive_failures = 0 WHERE tenant_id = $1 AND id = $2 AND consecutive_failures > 0 RETURNING consecutive_failures`,
      [tenantId, ruleId],
    );
    return rows[0]?.consecutive_failures ?? (failed ? null : 0);
  }

  /** Turns a rule off for failing, once: true for the caller that did it (who then tells the admins). */
  async pause(tenantId: string, ruleId: string, reason: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.transactions.manager.query(
      `UPDATE rules SET enabled = false, paused_reason = $3, version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND enabled RETURNING id`,
      [tenantId, ruleId, reason.slice(0, 500)],
    );
    return rows.length > 0;
  }
}
