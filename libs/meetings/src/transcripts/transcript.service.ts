import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  decodeCursor,
  domainEvent,
  DomainEvents,
  Page,
  PageQueryDto,
  ProblemException,
  RequestContext,
  TenantRepository,
  toPage,
} from '@quorum/platform';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AppendedSegmentsDto } from '../dto/append-segments.dto';
import { SegmentDto } from '../dto/segment.dto';
import { Meeting } from '../entities/meeting.entity';
import { TranscriptSegment } from '../entities/transcript-segment.entity';
import { MeetingEvents } from '../meeting-events';
import { MAX_TRANSCRIPT_SEGMENTS } from './formats';
import { tooManySegments } from './too-many-segments.problem';
import { TranscriptSegmentsRepository } from './transcript-segments.repository';

/**
 * A meeting's transcript. Segments are keyed by the client's segmentId, so
 * live clients can retry a batch safely: a re-sent segment replaces itself.
 */
@Injectable()
export class TranscriptService {
  private readonly segments: TenantRepository<TranscriptSegment>;
  private readonly meetings: TenantRepository<Meeting>;

  constructor(
    @InjectRepository(TranscriptSegment) segmentRepository: Repository<TranscriptSegment>,
    @InjectRepository(Meeting) meetingRepository: Repository<Meeting>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: TranscriptSegmentsRepository,
    private readonly events: DomainEvents,
  ) {
    this.segments = new TenantRepository(segmentRepository, 'Transcript segment');
    this.meetings = new TenantRepository(meetingRepository, 'Meeting');
  }

  /**
   * Adds or replaces segments (by segmentId) and announces them to the meeting's
   * room. Refused (422 too-many-segments) if the transcript would pass
   * MAX_TRANSCRIPT_SEGMENTS; re-sent segments replace themselves and do not count.
   */
  async append(meetingId: string, segments: SegmentDto[]): Promise<AppendedSegmentsDto> {
    assertConsistent(segments);
    const signal = RequestContext.signal();
    const { meeting, stored } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeetingForWriting(meetingId, manager);
      // Counted under the meeting's row lock, so two appends cannot both squeeze under the cap.
      const { stored: before, present } = await this.rows.countStored(
        manager,
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
      await this.rows.upsert(manager, meetingId, segments);
      const stored = await this.segments
        .withManager(manager)
        .find({ where: { meetingId, segmentId: In(segments.map((s) => s.segmentId)) }, order: { startMs: 'ASC', id: 'ASC' } });
      const bumped = await this.bumpRevision(meeting, manager);
      signal?.throwIfAborted();
      return { meeting: bumped, stored };
    });
    const result = { meetingId, revision: meeting.transcriptRevision, segments: stored.map(SegmentDto.from) };
    await this.events.publish(
      domainEvent({
        type: MeetingEvents.transcriptAppended,
        tenantId: meeting.tenantId,
        entityId: meetingId,
        version: meeting.transcriptRevision,
        actorUserId: RequestContext.principal()?.userId ?? null,
        meetingId,
        data: result,
      }),
    );
    return result;
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
    const meeting = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeetingForWriting(meetingId, manager);
      await this.rows.deleteAll(manager, meetingId);
      await this.rows.upsert(manager, meetingId, segments, () => signal?.throwIfAborted());
      const bumped = await this.bumpRevision(meeting, manager);
      // The last point where rolling back is still possible.
      signal?.throwIfAborted();
      return bumped;
    });
    const result = { meetingId, revision: meeting.transcriptRevision, segments };
    await this.events.publish(
      domainEvent({
        type: MeetingEvents.transcriptReplaced,
        tenantId: meeting.tenantId,
        entityId: meetingId,
        version: meeting.transcriptRevision,
        actorUserId: RequestContext.principal()?.userId ?? null,
        meetingId,
        data: { meetingId, revision: meeting.transcriptRevision, count: segments.length },
      }),
    );
    return result;
  }

  async page(meetingId: string, query: PageQueryDto): Promise<Page<SegmentDto>> {
    await this.meetings.getById(meetingId);
    const limit = query.limit ?? 100;
    const qb = this.segments
      .query('s')
      .andWhere('s.meetingId = :meetingId', { meetingId })
      .orderBy('s.startMs', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .take(limit + 1);
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor, 'number');
      qb.andWhere('(s.startMs, s.id) > (:after, :afterId)', { after: value, afterId: id });
    }
    return toPage(await qb.getMany(), limit, (s) => ({ value: s.startMs, id: s.id }), SegmentDto.from);
  }

  /** Whether the meeting's transcript has a segment with this client id (for links to a moment in a meeting). */
  async hasSegment(meetingId: string, segmentId: string): Promise<boolean> {
    return (await this.segments.count({ meetingId, segmentId })) > 0;
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
    const lastStartMs = await this.rows.lastStartMs(meetingId);
    const pages = this.rows.pages(meetingId, signal);
    const first = await pages.next();
    async function* all(): AsyncGenerator<SegmentDto[], void, undefined> {
      if (first.done) return;
      yield first.value;
      yield* pages;
    }
    return { lastStartMs, pages: all() };
  }

  private async lockMeetingForWriting(meetingId: string, manager: EntityManager): Promise<Meeting> {
    // The row lock serialises writers, so revisions count up without gaps or repeats.
    const meeting = await this.meetings.withManager(manager).findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw new ProblemException({ status: 404, detail: `Meeting ${meetingId} was not found.` });
    if (meeting.status === 'cancelled')
      throw new ProblemException({
        status: 409,
        slug: 'meeting-cancelled',
        title: 'Meeting cancelled',
        detail: 'A cancelled meeting takes no transcript; reschedule it first.',
      });
    return meeting;
  }

  /**
   * Raw SQL on purpose: TypeORM's update() also bumps the @VersionColumn, and
   * transcript traffic must not invalidate the ETag people edit the meeting's
   * details with.
   */
  private async bumpRevision(meeting: Meeting, manager: EntityManager): Promise<Meeting> {
    const [rows] = (await manager.query(
      'UPDATE meetings SET transcript_revision = transcript_revision + 1 WHERE id = $1 AND tenant_id = $2 RETURNING transcript_revision',
      [meeting.id, meeting.tenantId],
    )) as [{ transcript_revision: number }[], number];
    meeting.transcriptRevision = rows[0].transcript_revision;
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
