import type { MeetingFields } from '../connector';

/** The property that marks an event Quorum wrote: its value is the meeting's local id (the origin marker). */
export const ORIGIN_PROPERTY = 'X-QUORUM-ID';

/** The UID of the event Quorum creates for a meeting: stable, so a repeated create finds the same resource. */
export function pushedUid(localId: string): string {
  return `${localId}@quorum`;
}

/** The resource name Quorum creates for a meeting, under the calendar collection. */
export function pushedFileName(localId: string): string {
  return `${encodeURIComponent(localId)}.ics`;
}

/**
 * A VCALENDAR holding one VEVENT for a meeting Quorum pushes: UTC times, attendees as mailto: addresses, STATUS
 * CANCELLED or CONFIRMED, and the origin marker. Read back through `readCalendar` it gives the same fields (to the
 * second: iCalendar has no milliseconds).
 */
export function meetingToICalendar(localId: string, fields: MeetingFields, now: Date, uid = pushedUid(localId)): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Quorum//Data sync//EN',
    'BEGIN:VEVENT',
    `UID:${text(uid)}`,
    `DTSTAMP:${utc(now)}`,
    `LAST-MODIFIED:${utc(now)}`,
    `DTSTART:${utc(new Date(fields.scheduledStartAt))}`,
    ...(fields.scheduledEndAt ? [`DTEND:${utc(new Date(fields.scheduledEndAt))}`] : []),
    `SUMMARY:${text(fields.title)}`,
    ...(fields.description ? [`DESCRIPTION:${text(fields.description)}`] : []),
    `STATUS:${fields.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    ...fields.participants.map((p) => `ATTENDEE;CN=${parameter(p.name || p.email)}:mailto:${p.email}`),
    `${ORIGIN_PROPERTY}:${text(localId)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** The local id in an event's origin marker (the first VEVENT's X-QUORUM-ID), or null. */
export function originMarker(ics: string): string | null {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  const match = /^X-QUORUM-ID(?:;[^:\r\n]*)?:(.*)$/im.exec(unfolded);
  const value = match?.[1]?.trim().replace(/\\([,;\\])/g, '$1');
  return value ? value.slice(0, 200) : null;
}

function utc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('not a valid time');
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped. */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value: quoted when it holds a separator; a double quote cannot appear in one at all. */
function parameter(value: string): string {
  const clean = value.replace(/["\r\n]/g, '').slice(0, 200);
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
