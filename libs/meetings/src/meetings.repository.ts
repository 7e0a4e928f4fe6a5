import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  keysetPage,
  keysetSqlPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { type DeepPartial, type SelectQueryBuilder } from 'typeorm';
import { type ListMeetingsQuery } from './dto/list-meetings.query';
import { Meeting } from './entities/meeting.entity';

const HEADLINE = `'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=8, MaxFragments=1'`;
const TSQUERY = `websearch_to_tsquery('english', :q)`;

/** The filters of a meeting list, `createdBy` already resolved to a user id. */
export type MeetingFilters = Omit<ListMeetingsQuery, 'sort' | 'q' | 'limit' | 'cursor'>;

/** What a meeting list reads of each meeting: what MeetingDto.from needs, and the sort keys. */
export type MeetingListRow = Pick<
  Meeting,
  | 'id'
  | 'title'
  | 'description'
  | 'status'
  | 'scheduledStartAt'
  | 'scheduledEndAt'
  | 'startedAt'
  | 'endedAt'
  | 'language'
  | 'tags'
  | 'participants'
  | 'createdBy'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'startsAt'
>;

/** The columns of a meeting list, aliased to MeetingListRow's properties: read raw, no entity hydration on the hot path. */
const LIST_COLUMNS = [
  'm.id AS "id"',
  'm.title AS "title"',
  'm.description AS "description"',
  'm.status AS "status"',
  'm.scheduled_start_at AS "scheduledStartAt"',
  'm.scheduled_end_at AS "scheduledEndAt"',
  'm.started_at AS "startedAt"',
  'm.ended_at AS "endedAt"',
  'm.language AS "language"',
  'm.tags AS "tags"',
  'm.participants AS "participants"',
  'm.created_by AS "createdBy"',
  'm.created_at AS "createdAt"',
  'm.updated_at AS "updatedAt"',
  'm.version AS "version"',
  'm.starts_at AS "startsAt"',
].join(', ');

const SORT_COLUMNS = { startsAt: 'm.starts_at', createdAt: 'm.created_at' } as const;

/** Why a meeting matched a search: the best transcript segment, or its title and description. */
export interface MeetingMatch {
  rank: number;
  snippet: string;
  source: 'transcript' | 'meeting';
  segmentId: string | null;
  startMs: number | null;
}

/** Meetings of the current tenant: rows, locks, lists and full-text search. */
@Injectable()
export class MeetingsRepository {
  constructor(
    @InjectTenantRepository(Meeting) private readonly meetings: TenantRepository<Meeting>,
    private readonly transactions: Transactions,
  ) {}

  /** A new, unsaved meeting of the current tenant. */
  create(data: DeepPartial<Meeting>): Meeting {
    return this.meetings.create(data);
  }

  save(meeting: Meeting): Promise<Meeting> {
    return this.meetings.save(meeting);
  }

  /**
   * The next `limit` rows changed after `after` (by updated_at, then id), oldest first: how data sync finds what to
   * push. Changes land in updated_at order within a tenant's writes, so a cursor walks them without missing one.
   */
  changedSince(after: { at: Date; id: string } | null, limit: number): Promise<Meeting[]> {
    const query = this.meetings.query('x').orderBy('x.updatedAt', 'ASC').addOrderBy('x.id', 'ASC').take(limit);
    if (after) query.andWhere('(x.updatedAt, x.id) > (:at, :id)', { at: after.at, id: after.id });
    return query.getMany();
  }

  /** 404 for a missing meeting and another tenant's alike. */
  getById(id: string): Promise<Meeting> {
    return this.meetings.getById(id);
  }

  /** The meeting locked until the transaction ends, so writers of one meeting take turns; 404 as getById. */
  getForUpdate(id: string): Promise<Meeting> {
    return this.meetings.getForUpdate(id);
  }

  /** Deletes the meeting; its transcript and everything attached go by foreign-key cascade. */
  remove(meeting: Meeting): Promise<void> {
    return this.meetings.remove(meeting);
  }

  /**
   * Adds one to the meeting's transcript revision and returns it. Raw SQL on
   * purpose: TypeORM's update() also bumps the @VersionColumn, and transcript
   * traffic must not invalidate the ETag people edit the meeting's details with.
   */
  async bumpTranscriptRevision(meeting: Meeting): Promise<number> {
    const [rows] = (await this.transactions.manager.query(
      'UPDATE meetings SET transcript_revision = transcript_revision + 1 WHERE id = $1 AND tenant_id = $2 RETURNING transcript_revision',
      [meeting.id, meeting.tenantId],
    )) as [{ transcript_revision: number }[], number];
    return rows[0].transcript_revision;
  }

  /** A page of meetings, filtered, by startsAt or createdAt in either direction; read as raw rows, not entities. */
  browse<T>(
    filters: MeetingFilters,
    sort: 'startsAt' | 'createdAt',
    descending: boolean,
    request: PageRequest,
    map: (m: MeetingListRow) => T,
  ): Promise<Page<T>> {
    // The hottest list: written as SQL rather than built with TypeORM per request (see keysetSqlPage).
    const { where, params } = filterConditions(filters);
    return keysetSqlPage(
      {
        select: LIST_COLUMNS,
        from: 'meetings m',
        where: ['m.tenant_id = :tenantId', ...where],
        params: { ...params, tenantId: this.meetings.tenantId },
      },
      request,
      (sql, values) => this.transactions.query<MeetingListRow>(sql, values),
      {
        limits: PAGE_LIMITS.standard,
        order: {
          key: SORT_COLUMNS[sort],
          id: 'm.id',
          direction: descending ? 'DESC' : 'ASC',
          kind: 'timestamp',
          position: (m) => ({ value: m[sort].toISOString(), id: m.id }),
        },
        map,
      },
    );
  }

  /**
   * Full-text search: a meeting matches on its title/description or on any
   * transcript segment. The best segment per meeting supplies the snippet and
   * the time in the recording; ranking takes the better of the two matches.
   */
  search<T>(filters: MeetingFilters, q: string, request: PageRequest, map: (meeting: Meeting, match: MeetingMatch) => T): Promise<Page<T>> {
    const bestSegment = `(SELECT DISTINCT ON (s.meeting_id) s.meeting_id, s.segment_id, s.start_ms, s.text, ts_rank(s.search_vector, ${TSQUERY}) AS rank
      FROM transcript_segments s WHERE s.tenant_id = :segmentTenantId AND s.search_vector @@ ${TSQUERY}
      ORDER BY s.meeting_id, rank DESC, s.start_ms)`;
    const rank = `GREATEST(ts_rank(m.search_vector, ${TSQUERY}), COALESCE(best.rank, 0))`;
    const qb = this.filtered(filters)
      .leftJoin(bestSegment, 'best', 'best.meeting_id = m.id')
      .andWhere(`(m.search_vector @@ ${TSQUERY} OR best.meeting_id IS NOT NULL)`)
      .addSelect(rank, 'match_rank')
      .addSelect('best.segment_id', 'match_segment_id')
      .addSelect('best.start_ms', 'match_start_ms')
      .addSelect(
        `CASE WHEN best.meeting_id IS NOT NULL THEN ts_headline('english', best.text, ${TSQUERY}, ${HEADLINE}) ELSE ts_headline('english', m.title || '. ' || coalesce(m.description, ''), ${TSQUERY}, ${HEADLINE}) END`,
        'match_snippet',
      )
      .setParameters({ q, segmentTenantId: this.meetings.tenantId });
    return keysetPage(qb, request, {
      limits: PAGE_LIMITS.standard,
      order: {
        key: rank,
        orderBy: 'match_rank',
        id: 'm.id',
        direction: 'DESC',
        kind: 'number',
        position: (row: { meeting: Meeting; match: MeetingMatch }) => ({ value: row.match.rank, id: row.meeting.id }),
      },
      fetch: async (builder) => {
        const { entities, raw } = await builder.getRawAndEntities<{
          m_id: string;
          match_rank: number;
          match_segment_id: string | null;
          match_start_ms: number | null;
          match_snippet: string;
        }>();
        return entities.map((meeting) => {
          const r = raw.find((row) => row.m_id === meeting.id)!;
          const match: MeetingMatch = {
            rank: Number(r.match_rank),
            snippet: r.match_snippet,
            source: r.match_segment_id ? 'transcript' : 'meeting',
            segmentId: r.match_segment_id,
            startMs: r.match_start_ms,
          };
          return { meeting, match };
        });
      },
      map: (row) => map(row.meeting, row.match),
    });
  }

  private filtered(filters: MeetingFilters): SelectQueryBuilder<Meeting> {
    const qb = this.meetings.query('m');
    const { where, params } = filterConditions(filters);
    for (const condition of where) qb.andWhere(condition);
    return qb.setParameters(params);
  }
}

/**
 * A list's filters as SQL conditions on `m` with named parameters: the one definition both the browse statement and
 * the search's query builder use (column names, not property paths, so it reads the same in both).
 */
function filterConditions(filters: MeetingFilters): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filters.status?.length) {
    where.push('m.status IN (:...statuses)');
    params.statuses = filters.status;
  }
  if (filters.from) {
    where.push('m.starts_at >= :from');
    params.from = filters.from;
  }
  if (filters.to) {
    where.push('m.starts_at < :to');
    params.to = filters.to;
  }
  if (filters.tag) {
    where.push(':tag = ANY(m.tags)');
    params.tag = filters.tag.toLowerCase();
  }
  if (filters.participant) {
    where.push('m.participants @> :participant::jsonb');
    params.participant = JSON.stringify([{ email: filters.participant }]);
  }
  if (filters.createdBy) {
    where.push('m.created_by = :createdBy');
    params.createdBy = filters.createdBy;
  }
  return { where, params };
}
