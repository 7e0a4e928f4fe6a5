import type { MeetingFields, RemoteRecord } from '../connector';

/**
 * The origin marker Quorum writes on the events it creates: a named string MAPI property in Quorum's own property set,
 * so it survives edits in Outlook and can be searched with `$filter` (Graph indexes extended properties).
 */
export const QUORUM_ID_PROPERTY = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name QuorumId';

/** The subset of Graph's `event` resource the connector reads (`@removed` marks an entry of a delta as gone). */
export interface GraphEvent {
  id: string;
  '@odata.etag'?: string;
  '@removed'?: { reason?: string };
  changeKey?: string;
  subject?: string | null;
  bodyPreview?: string | null;
  body?: { contentType?: string; content?: string } | null;
  start?: GraphDateTime | null;
  end?: GraphDateTime | null;
  isAllDay?: boolean;
  isCancelled?: boolean;
  lastModifiedDateTime?: string | null;
  attendees?: { type?: string; emailAddress?: { name?: string | null; address?: string | null } | null }[] | null;
  organizer?: { emailAddress?: { name?: string | null; address?: string | null } | null } | null;
  location?: { displayName?: string | null } | null;
  type?: string;
  seriesMasterId?: string | null;
  showAs?: string;
  sensitivity?: string;
  importance?: string;
  categories?: string[];
  webLink?: string;
  singleValueExtendedProperties?: { id?: string; value?: string }[] | null;
}

/** Graph's `dateTimeTimeZone`: a wall-clock time (`2027-01-04T09:00:00.0000000`) and the zone it is in. */
export interface GraphDateTime {
  dateTime: string;
  timeZone?: string;
}

/** A Graph answer the connector cannot read (a time in a zone it does not know, an event without id). */
export class GraphDataError extends Error {}

const UTC_NAMES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'z', 'coordinated universal time']);

/**
 * A `dateTimeTimeZone` as an instant. The connector asks for UTC (`Prefer: outlook.timezone="UTC"`), so that is the
 * usual case; an IANA zone is converted too. Windows zone names ("Pacific Standard Time") are refused, not guessed.
 */
export function graphInstant(value: GraphDateTime): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    typeof value.dateTime === 'string' ? value.dateTime.trim() : '',
  );
  if (!match) throw new GraphDataError(`an event time is not a Graph date-time: ${JSON.stringify(value.dateTime).slice(0, 60)}`);
  const [, y, mo, d, h, mi, s = '0', fraction = '0', offset] = match;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(Number(`0.${fraction}`) * 1000));
  if (offset) return new Date(wall - offsetMinutes(offset) * 60_000);
  const zone = (value.timeZone ?? 'UTC').trim();
  if (UTC_NAMES.has(zone.toLowerCase())) return new Date(wall);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new GraphDataError(`an event time is in the time zone "${zone.slice(0, 60)}", which is not UTC or an IANA zone`);
  }
  // The zone's offset at the wall time, then once more at the instant found (a DST change in between).
  let instant = wall - zoneOffsetMs(format, wall);
  instant = wall - zoneOffsetMs(format, instant);
  return new Date(instant);
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

function zoneOffsetMs(format: Intl.DateTimeFormat, instant: number): number {
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** An instant as Graph's `dateTimeTimeZone` in UTC. */
export function toGraphDateTime(iso: string): GraphDateTime {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new GraphDataError(`not a time: ${JSON.stringify(iso).slice(0, 60)}`);
  return { dateTime: date.toISOString().replace(/Z$/, ''), timeZone: 'UTC' };
}

/** The description: the text body (asked for with `Prefer: outlook.body-content-type="text"`), else the preview. */
function description(event: GraphEvent): string | null {
  const text = event.body && (event.body.contentType ?? '').toLowerCase() === 'text' ? event.body.content : event.bodyPreview;
  const trimmed = (text ?? '').replace(/\r\n/g, '\n').trim();
  return trimmed ? trimmed.slice(0, 20_000) : null;
}

function participants(event: GraphEvent): MeetingFields['participants'] {
  const seen = new Map<string, { name: string; email: string }>();
  for (const attendee of event.attendees ?? []) {
    const email = (attendee.emailAddress?.address ?? '').trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254 || seen.has(email)) continue;
    const name = (attendee.emailAddress?.name ?? '').trim();
    seen.set(email, { name: (name || email).slice(0, 200), email });
  }
  return [...seen.values()].slice(0, 500);
}

/** The version stamp: the ETag (what `If-Match` takes), else one built from the change key the way Graph builds it. */
export function eventVersion(event: GraphEvent): string {
  return event['@odata.etag'] ?? (event.changeKey ? `W/"${event.changeKey}"` : '');
}

/** The Quorum id in the event's origin marker, when Graph returned the property (only with `$expand`). */
export function originLocalId(event: GraphEvent): string | null {
  const property = (event.singleValueExtendedProperties ?? []).find((p) => p.id?.toLowerCase() === QUORUM_ID_PROPERTY.toLowerCase());
  return typeof property?.value === 'string' && property.value ? property.value : null;
}

/** A Graph event (or a delta's `@removed` entry) as a meeting record. */
export function toMeetingRecord(event: GraphEvent): RemoteRecord<MeetingFields> {
  if (typeof event.id !== 'string' || !event.id) throw new GraphDataError('an event without id');
  if (event['@removed'])
    return {
      externalId: event.id,
      version: eventVersion(event),
      deleted: true,
      fields: { title: '', description: null, scheduledStartAt: '', scheduledEndAt: null, participants: [], cancelled: true },
      raw: { id: event.id, removed: event['@removed'].reason ?? 'deleted' },
    };
  if (!event.start?.dateTime) throw new GraphDataError(`the event ${event.id.slice(0, 40)}… has no start`);
  const start = graphInstant(event.start);
  const end = event.end?.dateTime ? graphInstant(event.end) : null;
  const updated = event.lastModifiedDateTime ? new Date(event.lastModifiedDateTime) : null;
  return {
    externalId: event.id,
    version: eventVersion(event),
    occursAt: start,
    updatedAt: updated && !Number.isNaN(updated.getTime()) ? updated : null,
    originLocalId: originLocalId(event),
    fields: {
      title: (event.subject ?? '').trim().slice(0, 300) || '(no title)',
      description: description(event),
      scheduledStartAt: start.toISOString(),
      scheduledEndAt: end?.toISOString() ?? null,
      participants: participants(event),
      cancelled: event.isCancelled === true,
    },
    raw: rawSubset(event),
  };
}

/** What transformation rules see: Graph's own names, without the body (it may be long) or the attendees' responses. */
function rawSubset(event: GraphEvent): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    id: event.id,
    subject: event.subject ?? null,
    start: event.start ?? null,
    end: event.end ?? null,
    isAllDay: event.isAllDay ?? false,
    isCancelled: event.isCancelled ?? false,
    type: event.type ?? null,
    seriesMasterId: event.seriesMasterId ?? null,
    showAs: event.showAs ?? null,
    sensitivity: event.sensitivity ?? null,
    importance: event.importance ?? null,
    categories: (event.categories ?? []).slice(0, 20),
    location: event.location?.displayName ?? null,
    organizer: event.organizer?.emailAddress?.address ?? null,
    webLink: event.webLink ?? null,
  };
  return raw;
}

/** The body of a create or update: Quorum's fields as Graph's, with the origin marker. */
export function toGraphEvent(fields: MeetingFields, localId: string): Record<string, unknown> {
  const start = toGraphDateTime(fields.scheduledStartAt);
  // Graph requires an end; a meeting without one is written as 30 minutes long (the answer says so).
  const end = toGraphDateTime(fields.scheduledEndAt ?? new Date(new Date(fields.scheduledStartAt).getTime() + 30 * 60_000).toISOString());
  return {
    subject: fields.title,
    body: { contentType: 'text', content: fields.description ?? '' },
    start,
    end,
    attendees: fields.participants.map((p) => ({ type: 'required', emailAddress: { name: p.name, address: p.email } })),
    singleValueExtendedProperties: [{ id: QUORUM_ID_PROPERTY, value: localId }],
  };
}
