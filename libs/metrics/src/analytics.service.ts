import { Injectable } from '@nestjs/common';
import { ActionItemEvents } from '@quorum/action-items';
import { MeetingEvents } from '@quorum/meetings';
import { assertPeriod, CacheService, type DomainEvent, OnDomainEvent, RequestContext } from '@quorum/platform';
import { randomUUID } from 'node:crypto';
import { type DashboardFigures, DashboardRepository } from './dashboard.repository';
import { DashboardQueryDto } from './dto/dashboard-query.dto';
import { DashboardDto } from './dto/dashboard.dto';

const CACHE_TTL_MS = 60_000;
const DEFAULT_PERIOD_MS = 90 * 86_400_000;
/** Changes to these reshape the dashboard; anything else leaves the cache alone. */

/**
 * Tenant dashboards, cached briefly. Each tenant has a cache generation;
 * any relevant change starts a new one, so stale figures are never served
 * after a change without having to find and delete every cached period.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly figures: DashboardRepository,
    private readonly cache: CacheService,
  ) {}

  async dashboard(query: DashboardQueryDto): Promise<DashboardDto> {
    const tenantId = RequestContext.tenantId();
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_PERIOD_MS);
    assertPeriod(from, to);
    const generation = await this.generation(tenantId);
    // The request's own parameters, not the computed defaults, so "the last 90 days" stays one cache entry.
    const key = `analytics:${tenantId}:${generation}:${query.from?.toISOString() ?? '-'}:${query.to?.toISOString() ?? 'now'}`;
    return this.cache.getOrSet(key, CACHE_TTL_MS, async () => {
      return { from, to, ...normalise(await this.figures.figures(tenantId, from, to)), generatedAt: new Date() };
    });
  }

  /** The events that change the dashboard's figures: each starts a new cache generation for its tenant. */
  @OnDomainEvent(
    MeetingEvents.created,
    MeetingEvents.updated,
    MeetingEvents.deleted,
    ActionItemEvents.created,
    ActionItemEvents.updated,
    ActionItemEvents.deleted,
  )
  async onDomainEvent(event: DomainEvent): Promise<void> {
    await this.cache.set(generationKey(event.tenantId), randomUUID(), 24 * 3600_000);
  }

  private async generation(tenantId: string): Promise<string> {
    return (await this.cache.get<string>(generationKey(tenantId))) ?? '0';
  }
}

const generationKey = (tenantId: string) => `analytics:${tenantId}:generation`;

/** json_build_object yields numerics as JSON numbers already; counts come back as integers. */
function normalise(dashboard: DashboardFigures): DashboardFigures {
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const { meetings, actionItems } = dashboard;
  return {
    meetings: {
      ...meetings,
      totalDurationMinutes: Number(meetings.totalDurationMinutes),
      averageDurationMinutes: num(meetings.averageDurationMinutes),
    },
    actionItems: {
      ...actionItems,
      completionRate: num(actionItems.completionRate),
      medianHoursToComplete: num(actionItems.medianHoursToComplete),
    },
  };
}
