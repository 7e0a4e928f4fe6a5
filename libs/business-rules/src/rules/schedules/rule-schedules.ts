import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Role } from '@quorum/platform';
import type { RuleTrigger } from '../rule-definition';
import { rulePrincipal } from '../evaluation/rule-principal';
import { RulesQueue } from '../evaluation/rules.queue';
import { RulesRepository } from '../rules.repository';

/** What decides whether a rule has a schedule, and which. */
export interface RuleScheduleState {
  tenantId: string;
  enabled: boolean;
  versionId: string;
  actorUserId: string | null;
  trigger: RuleTrigger;
}

/** The scheduler id of a rule: one per rule, so a new version's schedule replaces the old one's. */
export const ruleSchedulerId = (ruleId: string) => `rule:${ruleId}`;

/**
 * Keeps one BullMQ job scheduler per enabled scheduled rule. Saving, enabling, disabling and deleting a rule declare
 * or remove it (RulesService); every process declares them all again at start, which repairs one a store outage
 * lost. A stale one (a rule changed while its tick was queued) is harmless: the job finds the version no longer in
 * force and does nothing.
 */
@Injectable()
export class RuleSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rules');

  constructor(
    private readonly queue: RulesQueue,
    private readonly rules: RulesRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.declareAll().catch((error: Error) =>
      this.logger.warn({ err: error }, 'could not declare the scheduled rules; they are declared again at the next start or save'),
    );
  }

  /**
   * Brings the store in line with a change of a rule: its state `before` the change and `after` it (null for a rule
   * created or deleted). Runs inside the change's transaction, so a store that is down fails the change (503)
   * rather than leave a rule without its schedule; a change that involves no schedule never touches the store.
   */
  async sync(ruleId: string, before: RuleScheduleState | null, after: RuleScheduleState | null): Promise<void> {
    const scheduled = (state: RuleScheduleState | null): state is RuleScheduleState =>
      !!state?.enabled && state.trigger.type === 'schedule';
    if (scheduled(after)) return this.declare(after.tenantId, ruleId, after.versionId, after.actorUserId, after.trigger);
    if (scheduled(before)) await this.remove(ruleId);
  }

  async declare(tenantId: string, ruleId: string, versionId: string, actorUserId: string | null, trigger: RuleTrigger): Promise<void> {
    if (trigger.type !== 'schedule') return;
    const repeat = trigger.cron ? { pattern: trigger.cron, tz: trigger.timezone } : { everyMs: (trigger.everyMinutes ?? 60) * 60_000 };
    // The job's tenant context; the actions still run as the rule's actor, checked at each firing.
    const as = rulePrincipal(tenantId, actorUserId ?? '00000000-0000-0000-0000-000000000000', 'member' as Role, 0);
    await this.queue.schedule(ruleSchedulerId(ruleId), repeat, { kind: 'schedule', ruleId, versionId }, { name: 'schedule', as });
  }

  async remove(ruleId: string): Promise<void> {
    await this.queue.unschedule(ruleSchedulerId(ruleId));
  }

  private async declareAll(): Promise<void> {
    const rows = await this.rules.scheduled();
    for (const row of rows) await this.declare(row.tenant_id, row.rule_id, row.version_id, row.actor_user_id, row.trigger as RuleTrigger);
    if (rows.length) this.logger.log({ rules: rows.length }, 'scheduled rules declared');
  }
}
