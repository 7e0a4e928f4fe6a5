import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, domainEvent, DomainEvents, Page, PageQueryDto, ProblemException, RequestContext, TenantRepository, toPage } from '@quorum/platform';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AppendedSegmentsDto } from '../dto/append-segments.dto';
import { SegmentDto } from '../dto/segment.dto';
import { Meeting } from '../entities/meeting.entity';
import { TranscriptSegment } from '../entities/transcript-segment.entity';
import { MeetingEvents } from '../meeting-events';

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
    private readonly events: DomainEvents,
  ) {
    this.segments = new TenantRepository(segmentRepository, 'Transcript segment');
    this.meetings = new TenantRepository(meetingRepository, 'Meeting');
  }

  /** Adds or replaces segments (by segmentId) and announces them to the meeting's room. */
  async append(meetingId: string, segments: SegmentDto[]): Promise<AppendedSegmentsDto> {
    assertConsistent(segments);
    const { meeting, stored } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeetingForWriting(meetingId, manager);
      const repository = this.segments.withManager(manager);
      await repository.upsert(segments.map((s) => toRow(meetingId, s)), ['meetingId', 'segmentId']);
      const stored = await repository.find({ where: { meetingId, segmentId: In(segments.map((s) => s.segmentId)) }, order: { startMs: 'ASC', id: 'ASC' } });
      return { meeting: await this.bumpRevision(meeting, manager), stored };
    });
    const result = { meetingId, revision: meeting.transcriptRevision, segments: stored.map(SegmentDto.from) };
    await this.events.publish(domainEvent({ type: MeetingEvents.transcriptAppended, tenantId: meeting.tenantId, entityId: meetingId, version: meeting.transcriptRevision, actorUserId: RequestContext.principal()?.userId ?? null, meetingId, data: result }));
    return result;
  }

  /** Replaces the whole transcript (a file import): all or nothing. */
  async replace(meetingId: string, segments: SegmentDto[]): Promise<AppendedSegmentsDto> {
    assertConsistent(segments);
    const meeting = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeetingForWriting(meetingId, manager);
      const repository = this.segments.withManager(manager);
      await repository.delete({ meetingId });
      for (let i = 0; i < segments.length; i += 1000) await repository.upsert(segments.slice(i, i + 1000).map((s) => toRow(meetingId, s)), ['meetingId', 'segmentId']);
      return this.bumpRevision(meeting, manager);
    });
    const result = { meetingId, revision: meeting.transcriptRevision, segments };
    await this.events.publish(domainEvent({ type: MeetingEvents.transcriptReplaced, tenantId: meeting.tenantId, entityId: meetingId, version: meeting.transcriptRevision, actorUserId: RequestContext.principal()?.userId ?? null, meetingId, data: { meetingId, revision: meeting.transcriptRevision, count: segments.length } }));
    return result;
  }

  async page(meetingId: string, query: PageQueryDto): Promise<Page<SegmentDto>> {
    await this.meetings.getById(meetingId);
    const limit = query.limit ?? 100;
    const qb = this.segments.query('s').andWhere('s.meetingId = :meetingId', { meetingId }).orderBy('s.startMs', 'ASC').addOrderBy('s.id', 'ASC').take(limit + 1);
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

  /** The whole transcript in time order, for exports. */
  async all(meetingId: string): Promise<SegmentDto[]> {
    const rows = await this.segments.find({ where: { meetingId }, order: { startMs: 'ASC', id: 'ASC' } });
    return rows.map(SegmentDto.from);
  }

  private async lockMeetingForWriting(meetingId: string, manager: EntityManager): Promise<Meeting> {
    // The row lock serialises writers, so revisions count up without gaps or repeats.
    const meeting = await this.meetings.withManager(manager).findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw new ProblemException({ status: 404, detail: `Meeting ${meetingId} was not found.` });
    if (meeting.status === 'cancelled') throw new ProblemException({ status: 409, slug: 'meeting-cancelled', title: 'Meeting cancelled', detail: 'A cancelled meeting takes no transcript; reschedule it first.' });
    return meeting;
  }

  /**
   * Raw SQL on purpose: TypeORM's update() also bumps the @VersionColumn, and
   * transcript traffic must not invalidate the ETag people edit the meeting's
   * details with.
   */
  private async bumpRevision(meeting: Meeting, manager: EntityManager): Promise<Meeting> {
    const [rows] = (await manager.query('UPDATE meetings SET transcript_revision = transcript_revision + 1 WHERE id = $1 AND tenant_id = $2 RETURNING transcript_revision', [meeting.id, meeting.tenantId])) as [{ transcript_revision: number }[], number];
    meeting.transcriptRevision = rows[0].transcript_revision;
    return meeting;
  }
}

function toRow(meetingId: string, s: SegmentDto): Partial<TranscriptSegment> {
  return { meetingId, segmentId: s.segmentId, speaker: s.speaker, participantId: s.participantId ?? null, startMs: s.startMs, endMs: s.endMs, text: s.text, confidence: s.confidence ?? null, language: s.language ?? null };
}

/** Rules a single field's validator cannot see: times in order, and one segmentId once per batch. */
function assertConsistent(segments: SegmentDto[]): void {
  const seen = new Set<string>();
  const errors: { field: string; message: string }[] = [];
  segments.forEach((s, i) => {
    if (s.endMs < s.startMs) errors.push({ field: `segments.${i}.endMs`, message: `segments.${i}.endMs must not be before startMs` });
    if (seen.has(s.segmentId)) errors.push({ field: `segments.${i}.segmentId`, message: `segments.${i}.segmentId ${s.segmentId} appears twice in this batch` });
    seen.add(s.segmentId);
  });
  if (errors.length) throw new ProblemException({ status: 422, slug: 'unprocessable-content', detail: `The batch has ${errors.length} inconsistent segment${errors.length === 1 ? '' : 's'}.`, errors });
}
