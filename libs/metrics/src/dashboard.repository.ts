import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import { type DashboardDto } from './dto/dashboard.dto';

export type DashboardFigures = Omit<DashboardDto, 'from' | 'to' | 'generatedAt'>;

/**
 * The whole dashboard in one round trip: every figure is aggregated by
 * PostgreSQL and only the result comes back, however many rows a tenant has.
 * It reads the read models `meeting_facts` and `action_item_facts` (views
 * owned by the DashboardReadModels migration), never the meetings or action
 * items tables themselves. $1 tenant, $2 from (inclusive), $3 to (exclusive).
 */
const DASHBOARD_SQL = `
WITH m AS (
  SELECT status, starts_at, started_at, ended_at FROM meeting_facts
  WHERE tenant_id = $1 AND starts_at >= $2 AND starts_at < $3
),
weeks AS (
  SELECT to_char(date_trunc('week', starts_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week_start, count(*)::int AS meetings
  FROM m GROUP BY 1 ORDER BY 1
),
held AS (
  SELECT extract(epoch FROM ended_at - started_at) / 60 AS minutes FROM m
  WHERE started_at IS NOT NULL AND ended_at IS NOT NULL AND ended_at >= started_at
),
items AS (
  SELECT status, created_at, completed_at FROM action_item_facts
  WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3
),
completed AS (
  SELECT extract(epoch FROM completed_at - created_at) / 3600 AS hours FROM action_item_facts
  WHERE tenant_id = $1 AND completed_at >= $2 AND completed_at < $3
),
open_items AS (
  SELECT assignee_user_id, assignee, count(*)::int AS open
  FROM action_item_facts
  WHERE tenant_id = $1 AND status IN ('open', 'in_progress')
  GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 100
)
SELECT json_build_object(
  'meetings', json_build_object(
    'total', (SELECT count(*)::int FROM m),
    'perWeek', coalesce((SELECT json_agg(json_build_object('weekStart', week_start, 'meetings', meetings)) FROM weeks), '[]'::json),
    'totalDurationMinutes', (SELECT coalesce(round(sum(minutes)::numeric, 1), 0) FROM held),
    'averageDurationMinutes', (SELECT round(avg(minutes)::numeric, 1) FROM held),
    'byStatus', (SELECT json_build_object(
      'scheduled', count(*) FILTER (WHERE status = 'scheduled'), 'live', count(*) FILTER (WHERE status = 'live'),
      'completed', count(*) FILTER (WHERE status = 'completed'), 'cancelled', count(*) FILTER (WHERE status = 'cancelled')) FROM m)
  ),
  'actionItems', json_build_object(
    'created', (SELECT count(*)::int FROM items),
    'completed', (SELECT count(*)::int FROM completed),
    'overdue', (SELECT count(*)::int FROM action_item_facts WHERE tenant_id = $1 AND status IN ('open', 'in_progress') AND due_at < now()),
    'completionRate', (SELECT round((count(*) FILTER (WHERE status = 'done'))::numeric / nullif(count(*), 0), 4) FROM items),
    'medianHoursToComplete', (SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY hours))::numeric, 2) FROM completed),
    'byStatus', (SELECT json_build_object(
      'open', count(*) FILTER (WHERE status = 'open'), 'in_progress', count(*) FILTER (WHERE status = 'in_progress'),
      'done', count(*) FILTER (WHERE status = 'done'), 'cancelled', count(*) FILTER (WHERE status = 'cancelled')) FROM items),
    'openPerAssignee', coalesce((SELECT json_agg(json_build_object('assigneeUserId', assignee_user_id, 'assignee', assignee, 'open', open)) FROM open_items), '[]'::json)
  )
) AS dashboard
`;

/** The dashboard's figures for one tenant and period, from the read models. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly transactions: Transactions) {}

  async figures(tenantId: string, from: Date, to: Date): Promise<DashboardFigures> {
    const [row] = (await this.transactions.manager.query(DASHBOARD_SQL, [tenantId, from, to])) as [{ dashboard: DashboardFigures }];
    return row.dashboard;
  }
}
