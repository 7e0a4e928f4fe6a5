import { Injectable } from '@nestjs/common';
import { type MeetingDto, MeetingsService, type UpdateMeetingDto } from '@quorum/meetings';
import { ProblemException } from '@quorum/platform';
import { checkFields, fieldChecks, type LocalEntities, type LocalEntity } from './local-entities';

const CHECKS: Record<string, (value: unknown) => string | null> = {
  title: fieldChecks.text(300, false),
  description: fieldChecks.text(10_000, true),
  scheduledStartAt: fieldChecks.instant(false),
  scheduledEndAt: fieldChecks.instant(true),
  participants: (value) =>
    Array.isArray(value) &&
    value.length <= 500 &&
    value.every((p) => p && typeof p === 'object' && typeof p.name === 'string' && typeof p.email === 'string')
      ? null
      : 'must be a list of at most 500 { name, email }',
  cancelled: fieldChecks.boolean,
};

/** Meetings through MeetingsService. `cancelled` maps to the status; a completed meeting is never cancelled by a source. */
@Injectable()
export class MeetingEntities implements LocalEntities {
  readonly entity = 'meeting';
  readonly fieldNames = ['title', 'description', 'scheduledStartAt', 'scheduledEndAt', 'participants', 'cancelled'] as const;

  constructor(private readonly meetings: MeetingsService) {}

  check(fields: Record<string, unknown>): string[] {
    return checkFields(CHECKS, fields);
  }

  async get(id: string): Promise<LocalEntity | null> {
    try {
      return toEntity(await this.meetings.get(id));
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 404) return null;
      throw error;
    }
  }

  async create(fields: Record<string, unknown>): Promise<LocalEntity> {
    const dto = toDto(fields, null);
    return toEntity(await this.meetings.create({ ...dto, title: dto.title ?? '(untitled)', status: 'scheduled' } as never));
  }

  async update(id: string, changes: Record<string, unknown>): Promise<LocalEntity> {
    const current = await this.meetings.get(id);
    return toEntity(await this.meetings.update(id, toDto(changes, current), null));
  }

  async removed(id: string): Promise<'cancelled' | 'kept'> {
    const current = await this.get(id);
    if (!current || current.fields.cancelled) return 'kept';
    const meeting = await this.meetings.get(id);
    if (meeting.status === 'completed') return 'kept';
    await this.meetings.update(id, { status: 'cancelled' }, null);
    return 'cancelled';
  }

  async changedSince(after: { at: Date; id: string } | null, limit: number): Promise<LocalEntity[]> {
    return (await this.meetings.changedSince(after, limit)).map(toEntity);
  }
}

function toEntity(m: MeetingDto): LocalEntity {
  return {
    id: m.id,
    updatedAt: m.updatedAt,
    fields: {
      title: m.title,
      description: m.description,
      scheduledStartAt: m.scheduledStartAt?.toISOString() ?? null,
      scheduledEndAt: m.scheduledEndAt?.toISOString() ?? null,
      participants: m.participants.map((p) => ({ name: p.name, email: p.email })),
      cancelled: m.status === 'cancelled',
    },
  };
}

/** Synced fields → an update of the meeting (null clears); `cancelled` moves the status where the status allows it. */
function toDto(changes: Record<string, unknown>, current: MeetingDto | null): UpdateMeetingDto {
  const dto: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(changes)) {
    if (name === 'scheduledStartAt' || name === 'scheduledEndAt') dto[name] = value === null ? null : new Date(value as string);
    else if (name === 'cancelled') {
      if (value && current && current.status !== 'cancelled' && current.status !== 'completed') dto.status = 'cancelled';
      else if (!value && current?.status === 'cancelled') dto.status = 'scheduled';
    } else dto[name] = value;
  }
  return dto as UpdateMeetingDto;
}
