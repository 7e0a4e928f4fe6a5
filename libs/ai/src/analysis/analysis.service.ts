import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  AI_PROVIDERS,
  type AiProviderName,
  AppConfig,
  DEFAULT_MODELS,
  type DomainEventOf,
  LOCAL_MODEL,
  notFound,
  OnDomainEvent,
  type Principal,
  ProblemException,
  PROVIDER_CAPABILITIES,
  type ProviderRef,
  RequestContext,
  unprocessable,
} from '@quorum/platform';
import { MeetingEvents, MeetingsService, MinutesAnalysisRegistry, TranscriptService } from '@quorum/meetings';
import { TenantsService } from '@quorum/tenants';
import { AnalysisQueue } from './analysis.queue';
import { MeetingAnalysisDto } from './dto/meeting-analysis.dto';
import type { AnalysisKind } from './entities/meeting-analysis.entity';
import { MeetingAnalysesRepository } from './meeting-analyses.repository';
import { TrailingChecks } from './trailing-checks';

/** What POST /meetings/{id}/analysis answers: the job that makes the analysis, and where to read both. */
export interface AnalysisRequested {
  jobId: string;
  /** The job's status (GET /api/v1/jobs/{id}). */
  location: string;
  /** Where the analysis is read once the job has succeeded. */
  analysis: string;
}

/**
 * The use cases of meeting analysis: asking for one (a job), reading the latest, and starting one
 * without being asked when a meeting completes (the tenant's setting) or, for a live meeting, every
 * ANALYSIS_ROLLING_EVERY_SEGMENTS new segments.
 */
@Injectable()
export class AnalysisService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Analysis');
  private readonly rollingChecks: TrailingChecks;

  constructor(
    private readonly queue: AnalysisQueue,
    private readonly analyses: MeetingAnalysesRepository,
    private readonly meetings: MeetingsService,
    private readonly transcript: TranscriptService,
    private readonly tenants: TenantsService,
    private readonly config: AppConfig,
    private readonly minutes: MinutesAnalysisRegistry,
  ) {
    this.rollingChecks = new TrailingChecks(config.analysis.rolling.delayMs);
  }

  /** A rolling check still waiting runs now: a burst's last segments still get their rolling analysis queued. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.rollingChecks.flush();
  }

  /** The Markdown minutes show the latest final analysis's summary and decisions; their action items are the meeting's own. */
  onModuleInit(): void {
    this.minutes.provide(async (meetingId) => {
      const row = await this.analyses.latest(meetingId, 'final');
      if (!row) return null;
      const { summary, decisions } = row.result;
      return { summary: summary.overview, decisions: decisions.map((d) => d.title) };
    });
  }

  /**
   * Queues the meeting's analysis. While one is queued or running, asking again returns that job
   * (one meeting is never analysed twice at once); after it has finished, asking again runs anew.
   */
  async request(meetingId: string, provider?: string): Promise<AnalysisRequested> {
    await this.meetings.get(meetingId);
    const providers = provider === undefined ? undefined : this.providersFor(provider);
    const { segments } = await this.transcript.stats(meetingId);
    if (segments === 0) {
      throw new ProblemException({
        status: 409,
        slug: 'no-transcript',
        title: 'No transcript',
        detail: 'The meeting has no transcript to analyse yet; add segments or import a transcript first.',
      });
    }
    return this.enqueue(meetingId, 'final', { providers, replaceFinished: true });
  }

  /** A transcript that a recording's transcription just filled is analysed (whatever the tenant's setting: it is what the upload was for). */
  async analyseWhenTranscribed(meetingId: string): Promise<AnalysisRequested> {
    return this.enqueue(meetingId, 'final', { replaceFinished: true });
  }

  async latest(meetingId: string, kind: AnalysisKind = 'final'): Promise<MeetingAnalysisDto> {
    await this.meetings.get(meetingId);
    const row = await this.analyses.latest(meetingId, kind);
    if (!row) {
      throw notFound(
        kind === 'final'
          ? `Meeting ${meetingId} has not been analysed yet; POST to this URL to analyse it.`
          : `Meeting ${meetingId} has no rolling analysis; it is made while a meeting is live.`,
      );
    }
    return MeetingAnalysisDto.from(row);
  }

  /** A meeting that completes is analysed when its tenant says so (on by default). */
  @OnDomainEvent(MeetingEvents.completed)
  async onMeetingCompleted(event: DomainEventOf<typeof MeetingEvents.completed>): Promise<void> {
    if (!(await this.tenants.autoAnalyseMeetings(event.tenantId))) return;
    const as = this.principalOf(event);
    await this.asCaller(as, async () => {
      const { segments } = await this.transcript.stats(event.entityId);
      if (segments > 0) await this.enqueue(event.entityId, 'final', { replaceFinished: true, as, orLater: true });
    });
  }

  /**
   * A live meeting's rolling analysis is refreshed each time its transcript passes another multiple of
   * ANALYSIS_ROLLING_EVERY_SEGMENTS segments. The check runs ANALYSIS_ROLLING_DELAY_MS after an append,
   * once per meeting however many segments arrive meanwhile (a live meeting appends every few seconds,
   * and checking each append cost two reads and a queue write), and the job is keyed by the multiple,
   * so several processes make one job, which reads everything appended by then. Not awaited: the
   * append's answer and its relay to the meeting's room must not wait for it.
   */
  @OnDomainEvent(MeetingEvents.transcriptAppended)
  onTranscriptAppended(event: DomainEventOf<typeof MeetingEvents.transcriptAppended>): void {
    if (this.config.analysis.rolling.everySegments === 0) return;
    const meetingId = event.data.meetingId;
    const as = this.principalOf(event);
    // Later, so in a context of its own: not in the request that happened to append first.
    const check = () => (as ? RequestContext.run(as, () => this.rollIfDue(meetingId, as)) : this.rollIfDue(meetingId, as));
    this.rollingChecks.schedule(meetingId, () =>
      check().catch((error: Error) => this.logger.warn({ err: error, meetingId }, 'could not queue the rolling analysis')),
    );
  }

  private async rollIfDue(meetingId: string, as: Principal | undefined): Promise<void> {
    const { everySegments } = this.config.analysis.rolling;
    await this.asCaller(as, async () => {
      const meeting = await this.meetings.get(meetingId);
      if (meeting.status !== 'live') return;
      const { segments } = await this.transcript.stats(meetingId);
      const step = Math.floor(segments / everySegments);
      if (step > 0) await this.enqueue(meetingId, 'rolling', { step, as });
    });
  }

  /** Tenant-scoped reads need the caller's context, which an event published by a job may not carry. */
  private asCaller(as: Principal | undefined, work: () => Promise<void>): Promise<void> {
    if (!as || RequestContext.principal()?.tenantId === as.tenantId) return work();
    return RequestContext.run(as, work);
  }

  private async enqueue(
    meetingId: string,
    kind: AnalysisKind,
    options: { providers?: ProviderRef[]; replaceFinished?: boolean; step?: number; delayMs?: number; as?: Principal; orLater?: boolean },
  ): Promise<AnalysisRequested> {
    const job = await this.queue.enqueue(
      { meetingId, kind, ...(options.providers ? { providers: options.providers } : {}) },
      {
        name: kind,
        key: options.step === undefined ? [meetingId] : [meetingId, options.step],
        replaceFinished: options.replaceFinished,
        delayMs: options.delayMs,
        orLater: options.orLater,
        ...(options.as ? { as: options.as } : {}),
      },
    );
    return {
      jobId: job.id,
      location: job.location,
      analysis: `/api/v1/meetings/${meetingId}/analysis${kind === 'rolling' ? '?kind=rolling' : ''}`,
    };
  }

  /**
   * Whom an analysis started by an event works for: the caller of the request that caused it, or,
   * when the event comes from elsewhere (a job), its actor in its tenant with a member's rights.
   */
  private principalOf(event: { tenantId: string; actorUserId: string | null }): Principal | undefined {
    const current = RequestContext.principal();
    if (current?.tenantId === event.tenantId) return current;
    if (!event.actorUserId) return undefined;
    return { tenantId: event.tenantId, userId: event.actorUserId, role: 'member', sessionId: 'analysis' };
  }

  /** `provider` or `provider:model` as a chain of one (then `local`), if it is configured and can chat. */
  private providersFor(value: string): ProviderRef[] {
    const [name, model] = value.split(/:(.*)/s, 2) as [string, string | undefined];
    if (!(AI_PROVIDERS as readonly string[]).includes(name)) {
      throw unprocessable('provider', `provider must be one of ${AI_PROVIDERS.join(', ')}, optionally with :model`);
    }
    const provider = name as AiProviderName;
    if (provider === 'local') return [{ provider: 'local', model: LOCAL_MODEL }];
    if (!this.config.ai.providers[provider] || !PROVIDER_CAPABILITIES[provider].includes('chat')) {
      throw unprocessable(
        'provider',
        `provider ${provider} is not configured for chat here; GET /api/v1/ai/providers lists those that are`,
      );
    }
    return [{ provider, model: model || DEFAULT_MODELS[provider].chat! }];
  }
}
