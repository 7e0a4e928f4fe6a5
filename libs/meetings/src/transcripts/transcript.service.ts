import { Injectable } from '@nestjs/common';
import { domainEvent, DomainEvents, Page, PageRequest, ProblemException, RequestContext, Transactions } from '@quorum/platform';
import { AppendedSegmentsDto } from '../dto/append-segments.dto';
import { SegmentDto } from '../dto/segment.dto';
import { Meeting } from '../entities/meeting.entity';
import { MeetingEvents } from '../meeting-events';
import { MeetingsRepository } from '../meetings.repository';
import { MAX_TRANSCRIPT_SEGMENTS } from './formats';
import { tooManySegments } from './too-many-segments.problem';
import { TranscriptSegmentsRepository } from './transcript-segments.repository';

/**
 * A meeting's transcript. Segments are keyed by the client's segmentId, so
 * live clients can retry a batch safely: a re-sent segment replaces itself.
 */
@Injectable()
export class TranscriptService {
  constructor(
    private readonly segments: TranscriptSegmentsRepository,
    private readonly meetings: MeetingsRepository,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Adds or replaces segments (by segmentId) and announces them to the meeting's
   * room. Refused (422 too-many-segments) if the transcript would pass
   * MAX_TRANSCRIPT_SEGMENTS; re-sent segments replace themselves and do not count.
   */
  async append(meetingId: string, segments: SegmentDto[]): Promise<AppendedSegmentsDto> {
    assertConsistent(segments);
    const signal = RequestContext.signal();
    return this.transactions.run(async () => {
      const meeting = await this.lockMeetingForWriting(meetingId);
      // Counted under the meeting's row lock, so two appends cannot both squeeze under the cap.
      const { stored: before, present } = await this.segments.countStored(
        meetingId,
        segments.map((s) => s.segmentId),
      );
      const adding = segments.length - present;
      if (before + adding > MAX_TRANSCRIPT_SEGMENTS) {
        throw tooManySegments({
          detail: `The transcript holds ${before} segments and this batch would add ${adding} more; a transcript holds at most ${MAX_TRANSCRIPT_SEGMENTS}.`,
          extensions: { stored: before, adding },
        });
      }
      await this.segments.upsert(meetingId, segments);
      const stored = await this.segments.withSegmentIds(
        meetingId,
        segments.map((s) => s.segmentId),
      );
      const revision = await this.meetings.bumpTranscriptRevision(meeting);
      signal?.throwIfAborted();
      const result = { meetingId, revision, segments: stored };
      await this.events.publish(
        domainEvent({
          type: MeetingEvents.transcriptAppended,
          tenantId: meeting.tenantId,
          entityId: meetingId,
          version: revision,
          actorUserId: RequestContext.actorUserId(),
          meetingId,
          data: result,
        }),
      );
      return result;
    });
  }

  /**
   * Replaces the whole transcript (a file import): all or nothing. Stored in
   * bounded batches; if the request is abandoned meanwhile (it answered 504,
   * or the client went away) the next batch, or the commit, is not reached and
   * the transaction rolls back, so nothing is committed behind the client's back.
   */
  async replace(meetingId: string, segments: SegmentDto[]): Promise<AppendedSegmentsDto> {
    if (segments.length > MAX_TRANSCRIPT_SEGMENTS) {
      throw tooManySegments({
        detail: `The transcript has ${segments.length} segments; a transcript holds at most ${MAX_TRANSCRIPT_SEGMENTS}.`,
        extensions: { adding: segments.length },
      });
    }
    assertConsistent(segments);
    const signal = RequestContext.signal();
    // Parsing a large file takes a while; a request that timed out meanwhile should not even begin.
    signal?.throwIfAborted();
    return this.transactions.run(async () => {
      const meeting = await this.lockMeetingForWriting(meetingId);
      await this.segments.deleteAll(meetingId);
      await this.segments.upsert(meetingId, segments, () => signal?.throwIfAborted());
      const revision = await this.meetings.bumpTranscriptRevision(meeting);
      // The last point where rolling back is still possible.
      signal?.throwIfAborted();
      await this.events.publish(
        domainEvent({
          type: MeetingEvents.transcriptReplaced,
          tenantId: meeting.tenantId,
          entityId: meetingId,
          version: revision,
          actorUserId: RequestContext.actorUserId(),
          meetingId,
          data: { meetingId, revision, count: segments.length },
        }),
      );
      return { meetingId, revision, segments };
    });
  }

  /** A page of the transcript in time order (100 segments by default). */
  async page(meetingId: string, query: PageRequest): Promise<Page<SegmentDto>> {
    await this.meetings.getById(meetingId);
    return this.segments.page(meetingId, query, SegmentDto.from);
  }

  /** The transcript's revision and size, for work that runs every so many new segments (rolling analysis). */
  async stats(meetingId: string): Promise<{ revision: number; segments: number }> {
    const meeting = await this.meetings.getById(meetingId);
    const { stored } = await this.segments.countStored(meetingId, []);
    return { revision: meeting.transcriptRevision, segments: stored };
  }

  /**
   * The whole transcript in time order with the revision it was read at, for analysis. Read in one
   * REPEATABLE READ transaction, so a transcript being appended to cannot be half-read.
   */
  async snapshot(meetingId: string, signal?: AbortSignal): Promise<{ revision: number; segments: SegmentDto[] }> {
    if (this.transactions.active) throw new Error('TranscriptService.snapshot opens its own transaction; call it outside one');
    return this.transactions.run(async () => {
      await this.segments.readOneSnapshot();
      const meeting = await this.meetings.getById(meetingId);
      const segments: SegmentDto[] = [];
      for await (const page of this.segments.pages(meetingId, signal)) segments.push(...page);
      return { revision: meeting.transcriptRevision, segments };
    });
  }

  /** Whether the meeting's transcript has a segment with this client id (for links to a moment in a meeting). */
  hasSegment(meetingId: string, segmentId: string): Promise<boolean> {
    return this.segments.hasSegment(meetingId, segmentId);
  }

  /**
   * The transcript in time order, a page at a time, for exports; with the
   * latest start time, which some formats need before the first segment. The
   * first page is read here, so a failing database is still an error the
   * caller can answer properly rather than a cut stream.
   */
  async pages(
    meetingId: string,
    signal?: AbortSignal,
  ): Promise<{ lastStartMs: number | undefined; pages: AsyncGenerator<SegmentDto[], void, undefined> }> {
    const lastStartMs = await this.segments.lastStartMs(meetingId);
    const pages = this.segments.pages(meetingId, signal);
    const first = await pages.next();
    async function* all(): AsyncGenerator<SegmentDto[], void, undefined> {
      if (first.done) return;
      yield first.value;
      yield* pages;
    }
    return { lastStartMs, pages: all() };
  }

  private async lockMeetingForWriting(meetingId: string): Promise<Meeting> {
    // The row lock serialises writers, so revisions count up without gaps or repeats.
    const meeting = await this.meetings.getForUpdate(meetingId);
    if (meeting.status === 'cancelled')
      throw new ProblemException({
        status: 409,
        slug: 'meeting-cancelled',
        title: 'Meeting cancelled',
        detail: 'A cancelled meeting takes no transcript; reschedule it first.',
      });
    return meeting;
  }
}

/** Rules a single field's validator cannot see: times in order, and one segmentId once per batch. */
function assertConsistent(segments: SegmentDto[]): void {
  const seen = new Set<string>();
  const errors: { field: string; message: string }[] = [];
  segments.forEach((s, i) => {
    if (s.endMs < s.startMs) errors.push({ field: `segments.${i}.endMs`, message: `segments.${i}.endMs must not be before startMs` });
    if (seen.has(s.segmentId))
      errors.push({ field: `segments.${i}.segmentId`, message: `segments.${i}.segmentId ${s.segmentId} appears twice in this batch` });
    seen.add(s.segmentId);
  });
  if (errors.length)
    throw new ProblemException({
      status: 422,
      slug: 'unprocessable-content',
      detail: `The batch has ${errors.length} inconsistent segment${errors.length === 1 ? '' : 's'}.`,
      errors,
    });
}
