import type { calendar_v3 } from '@googleapis/calendar';
import type { MeetingFields, PushResult, RemoteRecord } from '../connector';

/** The key of the private extended property Quorum writes on the events it creates: the origin marker. */
export const ORIGIN_PROPERTY = 'quorumId';

const DAY = 86_400_000;
/** A pushed meeting without an end gets this length: Google requires an end. */
const DEFAULT_LENGTH_MS = 60 * 60_000;

type GoogleEvent = calendar_v3.Schema$Event;
type GoogleTime = calendar_v3.Schema$EventDateTime;

/**
 * A Google event as a meeting record. Google reports a deleted event and a cancelled occurrence the same way
 * (`status: cancelled`, often with nothing but the id), so both become `deleted: true` with `fields.cancelled: true`.
 */
export function toRecord(event: GoogleEvent): RemoteRecord<MeetingFields> {
  const fields = toFields(event);
  const start = parseTime(event.start);
  return {
    externalId: String(event.id),
    version: event.etag ?? '',
    occursAt: start,
    updatedAt: event.updated ? new Date(event.updated) : null,
    ...(event.status === 'cancelled' ? { deleted: true } : {}),
    fields,
    raw: rawOf(event),
    originLocalId: event.extendedProperties?.private?.[ORIGIN_PROPERTY] ?? null,
  };
}

/** The same normalisation as `toRecord`, as a push's answer. */
export function toPushResult(event: GoogleEvent): PushResult<MeetingFields> {
  const record = toRecord(event);
  return { externalId: record.externalId, version: record.version, fields: record.fields, occursAt: record.occursAt ?? null };
}

export function toFields(event: GoogleEvent): MeetingFields {
  const start = parseTime(event.start);
  const end = parseTime(event.end);
  return {
    title: event.summary ?? '',
    description: event.description ? event.description : null,
    // A deleted event may come with no times at all; the epoch stands in (the record is deleted anyway).
    scheduledStartAt: (start ?? new Date(0)).toISOString(),
    scheduledEndAt: end ? end.toISOString() : null,
    participants: (event.attendees ?? [])
      .filter((a) => a.email)
      .map((a) => ({ name: a.displayName?.trim() || String(a.email), email: String(a.email).toLowerCase() })),
    cancelled: event.status === 'cancelled',
  };
}

/**
 * A timed event's `dateTime` (with its offset) or an all-day event's `date`, read as UTC midnight (Google's all-day
 * events have no zone of their own).
 */
export function parseTime(time: GoogleTime | undefined | null): Date | null {
  if (time?.dateTime) {
    const at = new Date(time.dateTime);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  if (time?.date && /^\d{4}-\d{2}-\d{2}$/.test(time.date)) return new Date(`${time.date}T00:00:00.000Z`);
  return null;
}

/**
 * The request body for a push. Times spanning whole UTC days from midnight to midnight are written as an all-day
 * event (`date`), so an all-day event Quorum read and writes back stays all-day; anything else is a `dateTime` in UTC.
 * On create the origin marker is written; on update it is left as it is (patch merges extended properties).
 */
export function toGoogleEvent(fields: MeetingFields, origin: { localId: string } | null): GoogleEvent {
  const start = new Date(fields.scheduledStartAt);
  const end = fields.scheduledEndAt ? new Date(fields.scheduledEndAt) : new Date(start.getTime() + DEFAULT_LENGTH_MS);
  const allDay = isMidnight(start) && isMidnight(end) && end.getTime() > start.getTime();
  const body: GoogleEvent = {
    summary: fields.title,
    description: fields.description ?? '',
    start: allDay ? { date: day(start) } : { dateTime: start.toISOString() },
    end: allDay ? { date: day(end) } : { dateTime: end.toISOString() },
    attendees: fields.participants.map((p) => ({
      email: p.email,
      ...(p.name && p.name !== p.email ? { displayName: p.name } : {}),
    })),
    status: fields.cancelled ? 'cancelled' : 'confirmed',
  };
  if (origin) body.extendedProperties = { private: { [ORIGIN_PROPERTY]: origin.localId } };
  return body;
}

/** The input of the stream's transformation rules: a few of Google's own fields, not the whole resource. */
function rawOf(event: GoogleEvent): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    id: event.id,
    status: event.status,
    summary: event.summary,
    location: event.location,
    start: event.start,
    end: event.end,
    htmlLink: event.htmlLink,
    iCalUID: event.iCalUID,
    recurringEventId: event.recurringEventId,
    eventType: event.eventType,
    organizer: event.organizer ? { email: event.organizer.email, displayName: event.organizer.displayName } : undefined,
    hangoutLink: event.hangoutLink,
  };
  for (const key of Object.keys(raw)) if (raw[key] === undefined || raw[key] === null) delete raw[key];
  return raw;
}

function isMidnight(date: Date): boolean {
  return !Number.isNaN(date.getTime()) && date.getTime() % DAY === 0;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
