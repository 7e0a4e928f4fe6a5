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
import { Insight } from './entities/insight.entity';
import type { InsightKind, InsightSeverity } from './insight-kinds';
import { INSIGHT_THRESHOLDS as T } from './insight-thresholds';

/** One finding of a run, before it is stored. */
export interface Finding {
  kind: InsightKind;
  subject: string;
  title: string;
  severity: InsightSeverity;
  evidence: Record<string, unknown>;
}

export interface OverdueAssigneeRow {
  subject: string;
  assignee_user_id: string | null;
  assignee_name: string | null;
  assigned: number;
  overdue: number;
  items: { actionItemId: string; title: string; dueAt: string; meetingId: string | null }[];
  median: number;
  assignees: number;
}

export interface QuietMeetingRow {
  meeting_id: string;
  title: string;
  occurred_at: Date;
  decision_count: number | null;
}

export interface MeetingLoadRow {
  email: string;
  name: string;
  peak: number;
  weeks: { weekStart: string; meetings: number; hours: number }[];
  median: number;
}

export interface MovingDueDateRow {
  action_item_id: string;
  title: string;
  assignee_user_id: string | null;
  assignee_name: string | null;
  due_at: Date | null;
  due_changes: { from: string; to: string | null; at: string }[];
  moves: number;
}

const NEWEST_FIRST = byCreation<Insight>('i');

const OPEN = `status IN ('open', 'in_progress')`;

/** The insights' SQL: each kind computed over this library's tables (meeting_quality, insight_action_items), and the stored findings. */
@Injectable()
export class InsightsRepository {
  constructor(
    @InjectTenantRepository(Insight) private readonly insights: TenantRepository<Insight>,
    private readonly transactions: Transactions,
  ) {}

  /** Assignees with overdue items, beside the median number of overdue items over the tenant's assignees. */
  overdueAssignees(tenantId: string, now: Date): Promise<OverdueAssigneeRow[]> {
    return this.transactions.manager.query(
      `WITH per AS (
         SELECT coalesce(assignee_user_id::text, 'name:' || lower(assignee_name)) AS subject,
                max(assignee_user_id::text) AS assignee_user_id, max(assignee_name) AS assignee_name,
                count(*)::int AS assigned,
                count(*) FILTER (WHERE ${OPEN} AND due_at < $2)::int AS overdue,
                coalesce(jsonb_agg(jsonb_build_object('actionItemId', action_item_id, 'title', title, 'dueAt', due_at, 'meetingId', meeting_id)
                                   ORDER BY due_at) FILTER (WHERE ${OPEN} AND due_at < $2), '[]') AS items
         FROM insight_action_items
         WHERE tenant_id = $1 AND (assignee_user_id IS NOT NULL OR assignee_name IS NOT NULL)
         GROUP BY 1
       ), m AS (
         SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY overdue), 0)::float AS median, count(*)::int AS assignees FROM per
       )
       SELECT per.*, m.median, m.assignees FROM per CROSS JOIN m
       WHERE per.overdue >= $3 AND per.overdue > m.median ORDER BY per.overdue DESC, per.subject`,
      [tenantId, now, T.overdueItems],
    );
  }

  /** Completed meetings of the lookback with neither decisions (in their latest analysis) nor action items. */
  quietMeetings(tenantId: string, now: Date): Promise<QuietMeetingRow[]> {
    return this.transactions.manager.query(
      `SELECT meeting_id, title, occurred_at, decision_count FROM meeting_quality
       WHERE tenant_id = $1 AND status = 'completed' AND action_item_count = 0 AND coalesce(decision_count, 0) = 0
         AND occurred_at >= $2::timestamptz - make_interval(days => $3) AND occurred_at < $2
       ORDER BY occurred_at DESC LIMIT 1000`,
      [tenantId, now, T.outcomesLookbackDays],
    );
  }

  /** Meetings (and hours, where the duration is known) per participant per ISO week, with the tenant's median person-week. */
  meetingLoad(tenantId: string, now: Date): Promise<MeetingLoadRow[]> {
    return this.transactions.manager.query(
      `WITH attended AS (
         SELECT lower(p->>'email') AS email, p->>'name' AS name, date_trunc('week', q.occurred_at AT TIME ZONE 'UTC') AS week, q.duration_ms
         FROM meeting_quality q CROSS JOIN LATERAL jsonb_array_elements(q.participants) p
         WHERE q.tenant_id = $1 AND q.status <> 'cancelled'
           AND q.occurred_at >= $2::timestamptz - make_interval(weeks => $3) AND q.occurred_at < $2
       ), weeks AS (
         SELECT email, max(name) AS name, week, count(*)::int AS meetings,
                round(coalesce(sum(duration_ms), 0) / 3600000.0, 1)::float AS hours
         FROM attended GROUP BY email, week
       ), m AS (
         SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY meetings), 0)::float AS median FROM weeks
       )
       SELECT email, max(name) AS name, max(meetings)::int AS peak, m.median,
              jsonb_agg(jsonb_build_object('weekStart', to_char(week, 'YYYY-MM-DD'), 'meetings', meetings, 'hours', hours) ORDER BY week) AS weeks
       FROM weeks CROSS JOIN m GROUP BY email, m.median ORDER BY peak DESC, email LIMIT 1000`,
      [tenantId, now, T.loadWeeks],
    );
  }

  /** Open action items whose due date moved at least the threshold's times. */
  movingDueDates(tenantId: string): Promise<MovingDueDateRow[]> {
    return this.transactions.manager.query(
      `SELECT action_item_id, title, assignee_user_id, assignee_name, due_at, due_changes, jsonb_array_length(due_changes)::int AS moves
       FROM insight_action_items
       WHERE tenant_id = $1 AND ${OPEN} AND jsonb_array_length(due_changes) >= $2
       ORDER BY moves DESC, action_item_id LIMIT 1000`,
      [tenantId, T.dueDateMoves],
    );
  }

  /** Tenants with anything to find: scored meetings or tracked action items. The daily run visits these. */
  async tenantIds(): Promise<string[]> {
    const rows = (await this.transactions.manager.query(
      'SELECT tenant_id FROM meeting_quality UNION SELECT tenant_id FROM insight_action_items',
    )) as { tenant_id: string }[];
    return rows.map((r) => r.tenant_id);
  }

  /**
   * Stores a run's findings in place of the last run's: one of the same kind and subject is updated (its id stays),
   * new ones are added, the rest removed. One run per tenant at a time (an advisory lock), so two cannot interleave.
   */
  replace(tenantId: string, findings: readonly Finding[], computedAt: Date): Promise<void> {
    return this.transactions.run(async () => {
      const manager = this.transactions.manager;
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('insights ' || $1, 0))`, [tenantId]);
      for (const f of findings)
        await manager.query(
          `INSERT INTO insights (tenant_id, kind, subject, title, severity, evidence, computed_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
           ON CONFLICT (tenant_id, kind, subject) DO UPDATE SET
             title = excluded.title, severity = excluded.severity, evidence = excluded.evidence,
             computed_at = excluded.computed_at, updated_at = now()`,
          [tenantId, f.kind, f.subject, f.title, f.severity, JSON.stringify(f.evidence), computedAt],
        );
      await manager.query('DELETE FROM insights WHERE tenant_id = $1 AND computed_at < $2', [tenantId, computedAt]);
    });
  }

  /** The caller's tenant's findings, newest first, optionally of some kinds. */
  page<R>(kinds: readonly InsightKind[] | undefined, request: PageRequest, map: (i: Insight) => R): Promise<Page<R>> {
    const builder = this.insights.query('i');
    if (kinds?.length) builder.andWhere('i.kind IN (:...kinds)', { kinds });
    return keysetPage(builder, request, { limits: PAGE_LIMITS.standard, order: NEWEST_FIRST, map });
  }
}
