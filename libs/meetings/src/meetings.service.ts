import { Injectable } from '@nestjs/common';
import {
  assertVersion,
  domainEvent,
  type DomainEventMap,
  type DomainEventOf,
  DomainEvents,
  Page,
  ProblemException,
  RequestContext,
  Transactions,
} from '@quorum/platform';
import { AuditService, TenantsService } from '@quorum/tenants';
import { CreateMeetingDto } from './dto/create-meeting.dto';
import { ListMeetingsQuery } from './dto/list-meetings.query';
import { MeetingSearchHitDto } from './dto/meeting-search-hit.dto';
import { MeetingDto } from './dto/meeting.dto';
import { UpdateMeetingDto } from './dto/update-meeting.dto';
import { applyTransition } from './meeting-transitions';
import { assertTimes } from './meeting-times';
import { Meeting } from './entities/meeting.entity';
import { MeetingEvents } from './meeting-events';
import { MeetingsRepository } from './meetings.repository';

@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly tenants: TenantsService,
  ) {}

  async create(dto: CreateMeetingDto): Promise<MeetingDto> {
    const principal = RequestContext.caller();
    await this.assertParticipantsAreMembers(dto.participants);
    const meeting = this.meetings.create({
      title: dto.title,
      description: dto.description ?? null,
      status: 'scheduled',
      scheduledStartAt: dto.scheduledStartAt ?? null,
      scheduledEndAt: dto.scheduledEndAt ?? null,
      startedAt: dto.startedAt ?? null,
      endedAt: dto.endedAt ?? null,
      language: dto.language ?? null,
      tags: normaliseTags(dto.tags),
      participants: dto.participants ?? [],
      createdBy: principal.userId,
    });
    // A meeting created in another status has made that move from scheduled, with the times it implies.
    if (dto.status) applyTransition(meeting, dto.status, new Date());
    assertTimes(meeting);
    meeting.startsAt = startsAt(meeting);
    return this.transactions.run(async () => {
      const saved = await this.meetings.save(meeting);
      const result = MeetingDto.from(saved);
      await this.events.publish(meetingEvent(MeetingEvents.created, saved, result));
      return result;
    });
  }

  /** Rows changed after a cursor, oldest first, for data sync's push (see the repository's changedSince). */
  async changedSince(after: { at: Date; id: string } | null, limit: number): Promise<MeetingDto[]> {
    return (await this.meetings.changedSince(after, limit)).map((row) => MeetingDto.from(row));
  }

  async get(id: string): Promise<MeetingDto> {
    return MeetingDto.from(await this.meetings.getById(id));
  }

  async update(id: string, dto: UpdateMeetingDto, ifMatch: number | null | undefined): Promise<MeetingDto> {
    await this.assertParticipantsAreMembers(dto.participants);
    return this.transactions.run(async () => {
      const meeting = await this.meetings.getForUpdate(id);
      assertVersion(ifMatch, meeting.version, 'The meeting');
      const completes = dto.status === 'completed' && meeting.status !== 'completed';
      if (dto.status !== undefined) applyTransition(meeting, dto.status, new Date());
      const { status: _status, tags, ...rest } = dto;
      Object.assign(meeting, rest);
      if (tags !== undefined) meeting.tags = normaliseTags(tags);
      assertTimes(meeting);
      meeting.startsAt = startsAt(meeting);
      const saved = await this.meetings.save(meeting);
      const result = MeetingDto.from(saved);
      await this.events.publish(
        meetingEvent(MeetingEvents.updated, saved, result),
        ...(completes ? [meetingEvent(MeetingEvents.completed, saved, result)] : []),
      );
      return result;
    });
  }

  /** Deletes the meeting and, by foreign-key cascade, its transcript and everything attached to it. */
  async remove(id: string, ifMatch: number | null | undefined): Promise<void> {
    await this.transactions.run(async () => {
      const meeting = await this.meetings.getForUpdate(id);
      assertVersion(ifMatch, meeting.version, 'The meeting');
      await this.meetings.remove(meeting);
      await this.audit.record({
        action: 'meeting.deleted',
        entityType: 'meeting',
        entityId: id,
        metadata: { title: meeting.title, status: meeting.status },
      });
      await this.events.publish(meetingEvent(MeetingEvents.deleted, { ...meeting, version: meeting.version + 1 }, { id }));
    });
  }

  async list(query: ListMeetingsQuery): Promise<Page<MeetingDto | MeetingSearchHitDto>> {
    const { q, sort = '-startsAt', limit, cursor, ...filters } = query;
    const resolved = { ...filters, createdBy: filters.createdBy === 'me' ? RequestContext.caller().userId : filters.createdBy };
    if (q) return this.meetings.search(resolved, q, { limit, cursor }, (meeting, match) => ({ ...MeetingDto.from(meeting), match }));
    const field = sort.replace('-', '') as 'startsAt' | 'createdAt';
    return this.meetings.browse(resolved, field, sort.startsWith('-'), { limit, cursor }, MeetingDto.from);
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

function startsAt(meeting: Meeting): Date {
  // createdAt is set by the database on insert, so a meeting being created has none yet.
  return meeting.startedAt ?? meeting.scheduledStartAt ?? (meeting.createdAt as Date | undefined) ?? new Date();
}

type MeetingEventType =
  typeof MeetingEvents.created | typeof MeetingEvents.updated | typeof MeetingEvents.completed | typeof MeetingEvents.deleted;

/** A meeting's own event: its tenant, its room, the version it has now, the caller as the actor. */
function meetingEvent<K extends MeetingEventType>(
  type: K,
  meeting: Pick<Meeting, 'id' | 'tenantId' | 'version'>,
  data: DomainEventMap[K],
): DomainEventOf<K> {
  return domainEvent<K>({
    type,
    tenantId: meeting.tenantId,
    entityId: meeting.id,
    version: meeting.version,
    actorUserId: RequestContext.actorUserId(),
    meetingId: meeting.id,
    data,
  });
}
