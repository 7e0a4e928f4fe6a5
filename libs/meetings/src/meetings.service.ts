import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  assertVersion,
  decodeCursor,
  domainEvent,
  DomainEvents,
  Page,
  ProblemException,
  RequestContext,
  TenantRepository,
  toPage,
} from '@quorum/platform';
import { AuditService, TenantsService } from '@quorum/tenants';
import { DataSource, Repository } from 'typeorm';
import { CreateMeetingDto } from './dto/create-meeting.dto';
import { ListMeetingsQuery } from './dto/list-meetings.query';
import { MeetingSearchHitDto } from './dto/meeting-search-hit.dto';
import { MeetingDto } from './dto/meeting.dto';
import { UpdateMeetingDto } from './dto/update-meeting.dto';
import { MEETING_TRANSITIONS, type MeetingStatus } from './entities/meeting-status';
import { Meeting } from './entities/meeting.entity';
import { MeetingEvents } from './meeting-events';

const HEADLINE = `'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=8, MaxFragments=1'`;
const TSQUERY = `websearch_to_tsquery('english', :q)`;

@Injectable()
export class MeetingsService {
  readonly meetings: TenantRepository<Meeting>;

  constructor(
    @InjectRepository(Meeting) repository: Repository<Meeting>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly tenants: TenantsService,
  ) {
    this.meetings = new TenantRepository(repository, 'Meeting');
  }

  async create(dto: CreateMeetingDto): Promise<MeetingDto> {
    const principal = RequestContext.principal()!;
    await this.assertParticipantsAreMembers(dto.participants);
    const meeting = this.meetings.create({
      title: dto.title,
      description: dto.description ?? null,
      status: dto.status ?? 'scheduled',
      scheduledStartAt: dto.scheduledStartAt ?? null,
      scheduledEndAt: dto.scheduledEndAt ?? null,
      startedAt: dto.startedAt ?? (dto.status === 'live' || dto.status === 'completed' ? new Date() : null),
      endedAt: dto.endedAt ?? (dto.status === 'completed' ? new Date() : null),
      language: dto.language ?? null,
      tags: normaliseTags(dto.tags),
      participants: dto.participants ?? [],
      createdBy: principal.userId,
    });
    assertTimes(meeting);
    meeting.startsAt = startsAt(meeting);
    const saved = await this.meetings.save(meeting);
    const result = MeetingDto.from(saved);
    await this.events.publish(
      domainEvent({
        type: MeetingEvents.created,
        tenantId: saved.tenantId,
        entityId: saved.id,
        version: saved.version,
        actorUserId: principal.userId,
        meetingId: saved.id,
        data: result,
      }),
    );
    return result;
  }

  async get(id: string): Promise<MeetingDto> {
    return MeetingDto.from(await this.meetings.getById(id));
  }

  async update(id: string, dto: UpdateMeetingDto, ifMatch: number | null | undefined): Promise<MeetingDto> {
    await this.assertParticipantsAreMembers(dto.participants);
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = this.meetings.withManager(manager);
      const meeting = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!meeting) throw new ProblemException({ status: 404, detail: `Meeting ${id} was not found.` });
      assertVersion(ifMatch, meeting.version, 'The meeting');
      if (dto.status !== undefined && dto.status !== meeting.status) applyTransition(meeting, dto.status);
      const { status: _status, tags, ...rest } = dto;
      Object.assign(meeting, rest);
      if (tags !== undefined) meeting.tags = normaliseTags(tags);
      assertTimes(meeting);
      meeting.startsAt = startsAt(meeting);
      return repository.save(meeting);
    });
    const result = MeetingDto.from(saved);
    await this.events.publish(
      domainEvent({
        type: MeetingEvents.updated,
        tenantId: saved.tenantId,
        entityId: saved.id,
        version: saved.version,
        actorUserId: RequestContext.principal()?.userId ?? null,
        meetingId: saved.id,
        data: result,
      }),
    );
    return result;
  }

  /** Deletes the meeting and, by foreign-key cascade, its transcript and everything attached to it. */
  async remove(id: string, ifMatch: number | null | undefined): Promise<void> {
    const meeting = await this.dataSource.transaction(async (manager) => {
      const repository = this.meetings.withManager(manager);
      const found = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new ProblemException({ status: 404, detail: `Meeting ${id} was not found.` });
      assertVersion(ifMatch, found.version, 'The meeting');
      await repository.remove(found);
      await this.audit.record(
        { action: 'meeting.deleted', entityType: 'meeting', entityId: id, metadata: { title: found.title, status: found.status } },
        manager,
      );
      return found;
    });
    await this.events.publish(
      domainEvent({
        type: MeetingEvents.deleted,
        tenantId: meeting.tenantId,
        entityId: id,
        version: meeting.version + 1,
        actorUserId: RequestContext.principal()?.userId ?? null,
        meetingId: id,
        data: { id },
      }),
    );
  }

  async list(query: ListMeetingsQuery): Promise<Page<MeetingDto | MeetingSearchHitDto>> {
    return query.q ? this.search(query) : this.browse(query);
  }

  private filtered(query: ListMeetingsQuery) {
    const qb = this.meetings.query('m');
    if (query.status?.length) qb.andWhere('m.status IN (:...statuses)', { statuses: query.status });
    if (query.from) qb.andWhere('m.startsAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('m.startsAt < :to', { to: query.to });
    if (query.tag) qb.andWhere(':tag = ANY(m.tags)', { tag: query.tag.toLowerCase() });
    if (query.participant)
      qb.andWhere('m.participants @> :participant::jsonb', { participant: JSON.stringify([{ email: query.participant }]) });
    if (query.createdBy)
      qb.andWhere('m.createdBy = :createdBy', {
        createdBy: query.createdBy === 'me' ? RequestContext.principal()!.userId : query.createdBy,
      });
    return qb;
  }

  private async browse(query: ListMeetingsQuery): Promise<Page<MeetingDto>> {
    const limit = query.limit ?? 20;
    const sort = query.sort ?? '-startsAt';
    const field = sort.replace('-', '') as 'startsAt' | 'createdAt';
    const descending = sort.startsWith('-');
    const qb = this.filtered(query)
      .orderBy(`m.${field}`, descending ? 'DESC' : 'ASC')
      .addOrderBy('m.id', descending ? 'DESC' : 'ASC')
      .take(limit + 1);
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor, 'timestamp');
      qb.andWhere(`(m.${field}, m.id) ${descending ? '<' : '>'} (:after, :afterId)`, { after: value, afterId: id });
    }
    return toPage(await qb.getMany(), limit, (m) => ({ value: m[field].toISOString(), id: m.id }), MeetingDto.from);
  }

  /**
   * Full-text search: a meeting matches on its title/description or on any
   * transcript segment. The best segment per meeting supplies the snippet and
   * the time in the recording; ranking takes the better of the two matches.
   */
  private async search(query: ListMeetingsQuery): Promise<Page<MeetingSearchHitDto>> {
    const limit = query.limit ?? 20;
    const bestSegment = `(SELECT DISTINCT ON (s.meeting_id) s.meeting_id, s.segment_id, s.start_ms, s.text, ts_rank(s.search_vector, ${TSQUERY}) AS rank
      FROM transcript_segments s WHERE s.tenant_id = :scopeTenantId AND s.search_vector @@ ${TSQUERY}
      ORDER BY s.meeting_id, rank DESC, s.start_ms)`;
    const rank = `GREATEST(ts_rank(m.search_vector, ${TSQUERY}), COALESCE(best.rank, 0))`;
    const qb = this.filtered(query)
      .leftJoin(bestSegment, 'best', 'best.meeting_id = m.id')
      .andWhere(`(m.search_vector @@ ${TSQUERY} OR best.meeting_id IS NOT NULL)`)
      .addSelect(rank, 'match_rank')
      .addSelect('best.segment_id', 'match_segment_id')
      .addSelect('best.start_ms', 'match_start_ms')
      .addSelect(
        `CASE WHEN best.meeting_id IS NOT NULL THEN ts_headline('english', best.text, ${TSQUERY}, ${HEADLINE}) ELSE ts_headline('english', m.title || '. ' || coalesce(m.description, ''), ${TSQUERY}, ${HEADLINE}) END`,
        'match_snippet',
      )
      .setParameter('q', query.q)
      .orderBy('match_rank', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor, 'number');
      qb.andWhere(`(${rank}, m.id) < (:afterRank, :afterId)`, { afterRank: value, afterId: id });
    }
    const { entities, raw } = await qb.getRawAndEntities<{
      m_id: string;
      match_rank: number;
      match_segment_id: string | null;
      match_start_ms: number | null;
      match_snippet: string;
    }>();
    const rows = entities.map((meeting) => {
      const r = raw.find((row) => row.m_id === meeting.id)!;
      const match = {
        rank: Number(r.match_rank),
        snippet: r.match_snippet,
        source: r.match_segment_id ? ('transcript' as const) : ('meeting' as const),
        segmentId: r.match_segment_id,
        startMs: r.match_start_ms,
      };
      return { meeting, match };
    });
    return toPage(
      rows,
      limit,
      (row) => ({ value: row.match.rank, id: row.meeting.id }),
      (row) => ({ ...MeetingDto.from(row.meeting), match: row.match }),
    );
  }

  /** A participant's userId links them to an account, so it must name a member of this tenant, as an action item's assignee must. */
  private async assertParticipantsAreMembers(participants: { userId?: string }[] | undefined): Promise<void> {
    const linked = (participants ?? [])
      .map((p, index) => ({ index, userId: p.userId }))
      .filter((p): p is { index: number; userId: string } => !!p.userId);
    if (!linked.length) return;
    const members = await this.tenants.membersAmong(linked.map((p) => p.userId));
    const errors = linked
      .filter((p) => !members.has(p.userId))
      .map((p) => ({
        field: `participants.${p.index}.userId`,
        message: `participants.${p.index}.userId must be a member of this tenant; leave it out for a guest`,
      }));
    if (errors.length)
      throw new ProblemException({
        status: 422,
        slug: 'reference-not-found',
        title: 'Referenced resource not found',
        detail: errors.map((e) => e.message).join('; '),
        errors,
      });
  }
}

function normaliseTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

function applyTransition(meeting: Meeting, next: MeetingStatus): void {
  if (!MEETING_TRANSITIONS[meeting.status].includes(next)) {
    const allowed = MEETING_TRANSITIONS[meeting.status];
    throw new ProblemException({
      status: 409,
      slug: 'invalid-transition',
      title: 'Invalid status change',
      detail: `A ${meeting.status} meeting cannot become ${next}${allowed.length ? `; it can become ${allowed.join(' or ')}` : '; it is final'}.`,
      extensions: { from: meeting.status, to: next, allowed },
    });
  }
  if (next === 'live' && !meeting.startedAt) meeting.startedAt = new Date();
  if (next === 'completed') {
    meeting.startedAt ??= new Date();
    meeting.endedAt ??= new Date();
  }
  if (next === 'scheduled') {
    meeting.startedAt = null;
    meeting.endedAt = null;
  }
  meeting.status = next;
}

function assertTimes(meeting: Meeting): void {
  const fail = (field: string, message: string) => {
    throw new ProblemException({ status: 422, slug: 'unprocessable-content', detail: message, errors: [{ field, message }] });
  };
  if (meeting.scheduledStartAt && meeting.scheduledEndAt && meeting.scheduledEndAt < meeting.scheduledStartAt)
    fail('scheduledEndAt', 'scheduledEndAt must not be before scheduledStartAt');
  if (meeting.startedAt && meeting.endedAt && meeting.endedAt < meeting.startedAt) fail('endedAt', 'endedAt must not be before startedAt');
}

function startsAt(meeting: Meeting): Date {
  // createdAt is set by the database on insert, so a meeting being created has none yet.
  return meeting.startedAt ?? meeting.scheduledStartAt ?? (meeting.createdAt as Date | undefined) ?? new Date();
}
