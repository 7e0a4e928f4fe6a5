import { Injectable } from '@nestjs/common';
import { type ActionItemDto, ActionItemsService, ListActionItemsQuery } from '@quorum/action-items';
import { AnalysisService, type MeetingAnalysisDto } from '@quorum/ai';
import { MeetingsService, TranscriptService } from '@quorum/meetings';
import { assertPeriod, ProblemException, RequestContext } from '@quorum/platform';
import { MeetingQualityDto } from './dto/meeting-quality.dto';
import { QualityAggregateDto } from './dto/quality-aggregate.dto';
import { QualityAggregateQuery } from './dto/quality-aggregate.query';
import { MeetingQualityRepository, type MeetingQualityRow } from './meeting-quality.repository';
import { meetingDurationMs, qualityScore } from './quality-score';

const DAY_MS = 86_400_000;

/**
 * Data quality of meetings: computing a meeting's score from what the meetings, action-items and AI modules
 * export, storing it, and reading it back one meeting at a time or aggregated for the tenant.
 */
@Injectable()
export class QualityService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly transcript: TranscriptService,
    private readonly actionItems: ActionItemsService,
    private readonly analysis: AnalysisService,
    private readonly scores: MeetingQualityRepository,
  ) {}

  /**
   * The stored score, or one computed now when the job has not stored any yet (a meeting created before
   * this module, or a read racing the first job), so the route answers for every meeting of the tenant.
   */
  async get(meetingId: string): Promise<MeetingQualityDto> {
    const meeting = await this.meetings.get(meetingId);
    const stored = await this.scores.find(RequestContext.tenantId(), meeting.id);
    return MeetingQualityDto.from(stored ?? (await this.compute(meetingId)));
  }

  /** Reads the meeting, its transcript, action items and latest analysis, scores them and stores the row. Safe to repeat. */
  async compute(meetingId: string, signal?: AbortSignal): Promise<MeetingQualityRow> {
    const meeting = await this.meetings.get(meetingId);
    const { revision, segments } = await this.transcript.snapshot(meetingId, signal);
    const items = await this.meetingActionItems(meetingId);
    const analysis = await this.latestAnalysis(meetingId);
    const durationMs = meetingDurationMs(meeting);
    const { score, components } = qualityScore({
      durationMs,
      transcriptRevision: revision,
      segments,
      actionItems: items,
      analysedRevision: analysis?.transcriptRevision ?? null,
    });
    const row: MeetingQualityRow = {
      meetingId,
      tenantId: RequestContext.tenantId(),
      score,
      components,
      transcriptRevision: revision,
      computedAt: new Date(),
      title: meeting.title,
      status: meeting.status,
      occurredAt: meeting.startedAt ?? meeting.scheduledStartAt ?? meeting.createdAt,
      durationMs: durationMs !== null && durationMs >= 0 && durationMs <= 2_147_483_647 ? durationMs : null,
      participants: meeting.participants.map((p) => ({ email: p.email, name: p.name })),
      decisionCount: analysis ? analysis.decisions.length : null,
      actionItemCount: items.length,
    };
    await this.scores.put(row);
    return row;
  }

  async aggregate(query: QualityAggregateQuery): Promise<QualityAggregateDto> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 90 * DAY_MS);
    assertPeriod(from, to);
    const figures = await this.scores.aggregate(RequestContext.tenantId(), from, to);
    const measured = figures.components.filter((c) => c.meanScore !== null);
    const weakest = measured.length ? measured.reduce((a, b) => ((b.meanScore ?? 0) < (a.meanScore ?? 0) ? b : a)) : null;
    return { from, to, ...figures, weakestComponent: weakest ? weakest.name : null };
  }

  private async meetingActionItems(meetingId: string): Promise<ActionItemDto[]> {
    const items: ActionItemDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.actionItems.list(Object.assign(new ListActionItemsQuery(), { meetingId, limit: 100, cursor }));
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  private latestAnalysis(meetingId: string): Promise<MeetingAnalysisDto | null> {
    return this.analysis.latest(meetingId).catch((error: unknown) => {
      if (error instanceof ProblemException && error.getStatus() === 404) return null;
      throw error;
    });
  }
}
