import { Injectable, Logger } from '@nestjs/common';
import { type EnqueuedJob, RequestContext } from '@quorum/platform';
import { InsightDto, type InsightPageDto } from './dto/insight.dto';
import { ListInsightsQuery } from './dto/list-insights.query';
import { INSIGHT_THRESHOLDS as T } from './insight-thresholds';
import { type Finding, InsightsRepository } from './insights.repository';
import { InsightsQueue } from './insights.queue';

/**
 * Insights per tenant: patterns in meetings and action items, each stored with the evidence that shows it.
 * Computed in SQL over this library's tables by a job (daily for every tenant, or when an admin asks).
 */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger('Insights');

  constructor(
    private readonly insights: InsightsRepository,
    private readonly queue: InsightsQueue,
  ) {}

  list(query: ListInsightsQuery): Promise<InsightPageDto> {
    return this.insights.page(query.kind, query, InsightDto.from);
  }

  /** Queues the caller's tenant's run; while one waits or runs, that one is returned. */
  refresh(): Promise<EnqueuedJob> {
    return this.queue.enqueue({ kind: 'tenant' }, { key: ['tenant'], replaceFinished: true, name: 'tenant' });
  }

  /** Every tenant in turn; one that fails is logged and the others still run. */
  async computeAll(now = new Date()): Promise<{ tenants: number; findings: number }> {
    let findings = 0;
    const tenants = await this.insights.tenantIds();
    for (const tenantId of tenants) {
      try {
        findings += await this.compute(tenantId, now);
      } catch (error) {
        this.logger.error({ err: error, tenantId }, 'could not compute the tenant’s insights');
      }
    }
    return { tenants: tenants.length, findings };
  }

  /** Computes and stores one tenant's findings; returns how many. Repeating it stores the same findings. */
  async compute(tenantId: string = RequestContext.tenantId(), now = new Date()): Promise<number> {
    const findings = [
      ...(await this.overdueAssignees(tenantId, now)),
      ...(await this.quietMeetings(tenantId, now)),
      ...(await this.meetingLoad(tenantId, now)),
      ...(await this.movingDueDates(tenantId)),
    ];
    await this.insights.replace(tenantId, findings, now);
    return findings.length;
  }

  private async overdueAssignees(tenantId: string, now: Date): Promise<Finding[]> {
    return (await this.insights.overdueAssignees(tenantId, now)).map((row) => ({
      kind: 'overdue-assignee',
      subject: row.subject,
      title: `${row.assignee_name ?? 'An assignee'} has ${row.overdue} overdue action items (tenant median ${row.median})`,
      severity: 'warning',
      evidence: {
        assigneeUserId: row.assignee_user_id,
        assigneeName: row.assignee_name,
        overdue: row.overdue,
        assigned: row.assigned,
        tenantMedianOverdue: row.median,
        assigneesCompared: row.assignees,
        items: row.items.slice(0, T.evidenceItems),
      },
    }));
  }

  private async quietMeetings(tenantId: string, now: Date): Promise<Finding[]> {
    return (await this.insights.quietMeetings(tenantId, now)).map((row) => ({
      kind: 'meeting-without-outcomes',
      subject: row.meeting_id,
      title: `“${row.title}” ended without decisions or action items`,
      severity: 'info',
      evidence: {
        meetingId: row.meeting_id,
        title: row.title,
        occurredAt: row.occurred_at,
        analysed: row.decision_count !== null,
        decisions: row.decision_count ?? 0,
        actionItems: 0,
      },
    }));
  }

  private async meetingLoad(tenantId: string, now: Date): Promise<Finding[]> {
    return (await this.insights.meetingLoad(tenantId, now)).map((row) => ({
      kind: 'meeting-load',
      subject: row.email,
      title: `${row.name || row.email}: up to ${row.peak} meeting${row.peak === 1 ? '' : 's'} a week over the last ${T.loadWeeks} weeks (tenant median ${row.median})`,
      severity: row.median > 0 && row.peak >= T.loadWarningFactor * row.median ? 'warning' : 'info',
      evidence: { email: row.email, name: row.name, peakMeetings: row.peak, tenantMedianPerWeek: row.median, weeks: row.weeks },
    }));
  }

  private async movingDueDates(tenantId: string): Promise<Finding[]> {
    return (await this.insights.movingDueDates(tenantId)).map((row) => ({
      kind: 'moving-due-date',
      subject: row.action_item_id,
      title: `“${row.title}” has had its due date moved ${row.moves} times`,
      severity: 'warning',
      evidence: {
        actionItemId: row.action_item_id,
        title: row.title,
        assigneeUserId: row.assignee_user_id,
        assigneeName: row.assignee_name,
        dueAt: row.due_at,
        moves: row.moves,
        history: row.due_changes.slice(-T.evidenceItems),
      },
    }));
  }
}
