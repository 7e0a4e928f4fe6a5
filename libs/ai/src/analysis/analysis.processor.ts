import { Injectable } from '@nestjs/common';
import { ActionItemsService } from '@quorum/action-items';
import { MeetingsService, type ParticipantDto, TranscriptService } from '@quorum/meetings';
import { domainEvent, DomainEvents, JobProcessor, type RunningJob, Transactions, UnrecoverableError } from '@quorum/platform';
import { TenantsService } from '@quorum/tenants';
import type { LocalAnalysis } from '../local/analysis.types';
import { AnalysisEvents } from './analysis-events';
import { type AnalysisJobInput, type AnalysisJobResult, AnalysisQueue } from './analysis.queue';
import { MeetingAnalysisDto } from './dto/meeting-analysis.dto';
import { MeetingAnalysesRepository } from './meeting-analyses.repository';
import { LOCAL_ANALYSIS_MODEL } from '../providers/offline-models';
import { MeetingAnalyzer } from './meeting-analyzer';
import { resolveParticipant } from './resolve-participant';

/**
 * Runs an analysis job: reads the transcript as one snapshot, analyses it (MeetingAnalyzer), and in one
 * transaction stores the analysis, brings the meeting's AI-made action items in line (final analyses
 * only; a rolling one only proposes candidates) and announces it. Repeating a job rewrites the same
 * row and finds its own action items, so a retry or a worker that died mid-job changes nothing twice.
 */
@Injectable()
export class AnalysisProcessor extends JobProcessor<AnalysisJobInput, AnalysisJobResult> {
  readonly queue = AnalysisQueue;
  override readonly concurrency = 2;

  constructor(
    private readonly meetings: MeetingsService,
    private readonly transcript: TranscriptService,
    private readonly analyzer: MeetingAnalyzer,
    private readonly analyses: MeetingAnalysesRepository,
    private readonly actionItems: ActionItemsService,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly tenants: TenantsService,
  ) {
    super();
  }

  async process(job: RunningJob<AnalysisJobInput>): Promise<AnalysisJobResult> {
    const { meetingId, kind } = job.input;
    if (!job.tenantId) throw new UnrecoverableError('An analysis job must belong to a tenant.');
    const meeting = await this.meetings.get(meetingId);
    const { revision, segments } = await this.transcript.snapshot(meetingId, job.signal);
    if (segments.length === 0) throw new UnrecoverableError('The meeting has no transcript to analyse.');
    await job.reportProgress(10);

    const started = performance.now();
    const outcome = await this.analyzer.analyse(
      {
        title: meeting.title,
        segments: segments.map((s) => ({ id: s.segmentId, startMs: s.startMs, endMs: s.endMs, speaker: s.speaker, text: s.text })),
        referenceDate: meeting.startedAt ?? meeting.scheduledStartAt ?? meeting.createdAt,
        participants: meeting.participants.map((p) => p.name),
      },
      { providers: kind === 'rolling' ? LOCAL_ONLY : job.input.providers, caller: { tenantId: job.tenantId, userId: job.actorUserId } },
    );
    const durationMs = Math.round(performance.now() - started);
    job.signal.throwIfAborted();
    await job.reportProgress(90);
    const participants = kind === 'final' ? await this.withMembers(meeting.participants) : meeting.participants;

    await this.transactions.run(async () => {
      const row = await this.analyses.put({
        meetingId,
        kind,
        transcriptRevision: revision,
        segmentCount: segments.length,
        provider: outcome.provider,
        model: outcome.model,
        parts: outcome.parts,
        tokensIn: outcome.tokensIn,
        tokensOut: outcome.tokensOut,
        costUsd: outcome.costUsd,
        durationMs,
        result: outcome.result,
        jobId: job.id,
      });
      if (kind === 'final') await this.actionItems.syncFromAnalysis(meetingId, this.actionItemsOf(outcome.result, participants));
      const dto = MeetingAnalysisDto.from(row);
      await this.events.publish(
        domainEvent({
          type: kind === 'final' ? AnalysisEvents.completed : AnalysisEvents.updated,
          tenantId: job.tenantId!,
          entityId: meetingId,
          version: revision,
          actorUserId: job.actorUserId,
          meetingId,
          data: dto,
        }),
      );
    });
    return {
      link: `/api/v1/meetings/${meetingId}/analysis${kind === 'rolling' ? '?kind=rolling' : ''}`,
      transcriptRevision: revision,
      provider: outcome.provider,
    };
  }

  /**
   * The participants, each one whose e-mail address is a member's linked to that member: a guest listed by address
   * who joins the team later is their account from the next analysis on, so the items they are given reach them.
   */
  private async withMembers(participants: ParticipantDto[]): Promise<ParticipantDto[]> {
    const members = await this.tenants.memberIdsByEmail(participants.filter((p) => !p.userId).map((p) => p.email));
    return participants.map((p) => {
      const userId = p.userId ? undefined : members.get(p.email.trim().toLowerCase());
      return userId ? { ...p, userId } : p;
    });
  }

  private actionItemsOf(result: LocalAnalysis, participants: Parameters<typeof resolveParticipant>[1]) {
    return result.actionItems.map((item) => ({
      title: item.title,
      priority: item.priority,
      dueAt: item.dueAt ? new Date(item.dueAt) : null,
      segmentId: item.segmentIds[0],
      ...resolveParticipant(item.assignee, participants),
    }));
  }
}

/** Rolling analyses run offline: every few segments of every live meeting would otherwise be a paid call. */
const LOCAL_ONLY = [{ provider: 'local' as const, model: LOCAL_ANALYSIS_MODEL }];
