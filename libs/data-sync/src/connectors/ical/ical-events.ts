import ICAL from 'ical.js';

/** One meeting-to-be: an event, or one occurrence of a recurring event, as read from a feed. */
export interface CalendarOccurrence {
  /** The event's UID, plus `/` and the occurrence's original start (UTC, ISO 8601) for an occurrence of a recurring event. */
  externalId: string;
  title: string;
  description: string | null;
  start: Date;
  end: Date | null;
  cancelled: boolean;
  participants: { name: string; email: string }[];
  /** SEQUENCE and LAST-MODIFIED: what says the event changed. */
  sequence: number;
  lastModified: string | null;
}

export interface ExpansionWindow {
  from: Date;
  to: Date;
}

/** Occurrences one recurring event may yield (a daily event over a year and some), and in all: a bound on what a feed costs. */
export const MAX_OCCURRENCES_PER_EVENT = 1000;
export const MAX_OCCURRENCES = 20_000;

export class NotICalendarError extends Error {
  override readonly name = 'NotICalendarError';
}

/**
 * Parses an iCalendar text and lists its events over `window`: single events whose time overlaps it, and each
 * occurrence of a recurring one (RRULE/RDATE less EXDATE, with RECURRENCE-ID overrides applied). Times with a TZID
 * are read in that zone: by the feed's VTIMEZONE when it has one, else by the IANA zone of that name.
 */
export function readCalendar(text: string, window: ExpansionWindow): CalendarOccurrence[] {
  let root: ICAL.Component;
  try {
    if (!/^\s*BEGIN:VCALENDAR/i.test(text)) throw new Error('it does not start with BEGIN:VCALENDAR');
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw new NotICalendarError(`the feed is not iCalendar (${(error as Error).message})`);
  }
  if (root.name !== 'vcalendar') throw new NotICalendarError('the feed is not iCalendar (no VCALENDAR)');

  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Event[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (!event.uid || !component.hasProperty('dtstart')) continue;
    if (event.isRecurrenceException()) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const exception of exceptions) masters.get(exception.uid)?.relateException(exception);

  const out: CalendarOccurrence[] = [];
  for (const event of masters.values()) {
    if (out.length >= MAX_OCCURRENCES) break;
    const tz = tzidOf(event, 'dtstart');
    if (!event.isRecurring()) {
      const start = instant(event.startDate, tz);
      // ical.js types endDate as always set; an event without DTEND or DURATION has none.
      const endDate = event.endDate as ICAL.Time | undefined;
      const end = endDate ? instant(endDate, tzidOf(event, 'dtend') ?? tz) : null;
      if (overlaps(start, end, window)) out.push(occurrence(event, event.uid, start, end));
      continue;
    }
    const iterator = event.iterator();
    // next() answers undefined once the rule is exhausted, whatever its type says.
    const step = () => iterator.next() as ICAL.Time | undefined;
    for (let n = 0, next = step(); next && n < MAX_OCCURRENCES_PER_EVENT; next = step(), n++) {
      const details = event.getOccurrenceDetails(next);
      const itemTz = tzidOf(details.item, 'dtstart') ?? tz;
      const start = instant(details.startDate, itemTz);
      const original = instant(details.recurrenceId, tz);
      if (original > window.to && start > window.to) break;
      const end = details.endDate ? instant(details.endDate, tzidOf(details.item, 'dtend') ?? itemTz) : null;
      if (!overlaps(start, end, window)) continue;
      out.push(occurrence(details.item, `${event.uid}/${original.toISOString()}`, start, end));
      if (out.length >= MAX_OCCURRENCES) break;
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.externalId.localeCompare(b.externalId));
}

function tzidOf(event: ICAL.Event, property: string): string | undefined {
  const tzid = event.component.getFirstProperty(property)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

function overlaps(start: Date, end: Date | null, window: ExpansionWindow): boolean {
  return start <= window.to && (end ?? start) >= window.from;
}

function occurrence(item: ICAL.Event, externalId: string, start: Date, end: Date | null): CalendarOccurrence {
  const component = item.component;
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const lastModified = component.getFirstPropertyValue('last-modified');
  const participants = new Map<string, { name: string; email: string }>();
  for (const attendee of item.attendees) {
    const value = String(attendee.getFirstValue() ?? '');
    const email = value
      .replace(/^mailto:/i, '')
      .trim()
      .toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254 || participants.has(email)) continue;
    const cn = attendee.getParameter('cn');
    const name = (typeof cn === 'string' && cn.trim() ? cn.trim() : email).slice(0, 200);
    participants.set(email, { name, email });
  }
  const title = ((item.summary as string | undefined) ?? '').trim().slice(0, 300) || '(no title)';
  const description = ((item.description as string | undefined) ?? '').trim().slice(0, 10_000) || null;
  return {
    externalId: externalId.slice(0, 1000),
    title,
    description,
    start,
    end: end && end > start ? end : null,
    cancelled: status === 'CANCELLED',
    participants: [...participants.values()].slice(0, 500),
    sequence: Number(item.sequence) || 0,
    lastModified: lastModified instanceof ICAL.Time ? instant(lastModified).toISOString() : null,
  };
}

/**
 * The instant a Time stands for. ical.js converts times whose zone it knows (UTC, or a VTIMEZONE of the feed); a time
 * left floating that names a TZID is read as wall-clock time in that IANA zone, one with neither as UTC.
 */
export function instant(time: ICAL.Time, tzid?: string): Date {
  const zone = (time.zone as ICAL.Timezone | undefined)?.tzid;
  if (zone && zone !== 'floating') return time.toJSDate();
  const utc = Date.UTC(
    time.year,
    time.month - 1,
    time.day,
    time.isDate ? 0 : time.hour,
    time.isDate ? 0 : time.minute,
    time.isDate ? 0 : time.second,
  );
  return tzid && isZone(tzid) ? new Date(wallClockInZone(utc, tzid)) : new Date(utc);
}

function isZone(tzid: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tzid });
    return true;
  } catch {
    return false;
  }
}

/** The instant at which the clock in `timeZone` shows `wallClock` (given as if it were UTC). */
export function wallClockInZone(wallClock: number, timeZone: string): number {
  const offsetAt = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
  };
  const first = wallClock - offsetAt(wallClock);
  return wallClock - offsetAt(first);
}
