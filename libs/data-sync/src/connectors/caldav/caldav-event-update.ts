import ICAL from 'ical.js';
import type { MeetingFields } from '../connector';
import { readCalendar } from '../ical/ical-events';
import { ORIGIN_PROPERTY } from './caldav-event-text';

const ALL_TIME = { from: new Date(-8.64e15), to: new Date(8.64e15) };

/** Why an existing event cannot take a meeting's fields. */
export class EventNotWritableError extends Error {
  override readonly name = 'EventNotWritableError';
}

/**
 * Writes a meeting's fields into an event someone else created (resource text `ics`, event `uid`), touching only the
 * properties whose value differs as `readCalendar` reads them: a time zone, alarms, an attendee's PARTSTAT and any
 * other property the meeting does not model stay as they were. Adds the origin marker; bumps SEQUENCE when the time
 * moves (RFC 5545 §3.8.7.4). A recurring event is refused: one occurrence would need an override of its own.
 */
export function applyMeetingFields(ics: string, uid: string, fields: MeetingFields, localId: string, now: Date): string {
  const root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const vevent = root.getAllSubcomponents('vevent').find((c) => c.getFirstPropertyValue('uid') === uid && !c.hasProperty('recurrence-id'));
  if (!vevent) throw new EventNotWritableError(`the resource holds no event ${uid}`);
  if (vevent.hasProperty('rrule') || vevent.hasProperty('rdate') || root.getAllSubcomponents('vevent').length > 1)
    throw new EventNotWritableError('it is a recurring event: Quorum writes only single events');
  const current = readCalendar(ics, ALL_TIME).find((o) => o.externalId === uid);
  if (!current) throw new EventNotWritableError(`the event ${uid} has no start`);

  if (current.title !== fields.title) vevent.updatePropertyWithValue('summary', fields.title);
  if (current.description !== fields.description) {
    vevent.removeAllProperties('description');
    if (fields.description) vevent.addPropertyWithValue('description', fields.description);
  }
  const start = new Date(fields.scheduledStartAt);
  const end = fields.scheduledEndAt ? new Date(fields.scheduledEndAt) : null;
  const moved = current.start.getTime() !== start.getTime() || (current.end?.getTime() ?? null) !== (end?.getTime() ?? null);
  if (moved) {
    vevent.removeAllProperties('dtstart');
    vevent.removeAllProperties('dtend');
    vevent.removeAllProperties('duration');
    vevent.addPropertyWithValue('dtstart', ICAL.Time.fromJSDate(start, true));
    if (end) vevent.addPropertyWithValue('dtend', ICAL.Time.fromJSDate(end, true));
    vevent.updatePropertyWithValue('sequence', current.sequence + 1);
  }
  if (current.cancelled !== fields.cancelled) vevent.updatePropertyWithValue('status', fields.cancelled ? 'CANCELLED' : 'CONFIRMED');
  if (JSON.stringify(current.participants) !== JSON.stringify(fields.participants)) {
    // Attendees who stay keep their property (PARTSTAT, ROLE, RSVP); a changed name only rewrites CN.
    const wanted = new Map(fields.participants.map((p) => [p.email.toLowerCase(), p]));
    for (const attendee of vevent.getAllProperties('attendee')) {
      const email = String(attendee.getFirstValue() ?? '')
        .replace(/^mailto:/i, '')
        .trim()
        .toLowerCase();
      const keep = wanted.get(email);
      if (!keep) vevent.removeProperty(attendee);
      else {
        attendee.setParameter('cn', keep.name);
        wanted.delete(email);
      }
    }
    for (const p of wanted.values()) vevent.addPropertyWithValue('attendee', `mailto:${p.email}`).setParameter('cn', p.name);
  }
  vevent.updatePropertyWithValue(ORIGIN_PROPERTY.toLowerCase(), localId);
  const stamp = ICAL.Time.fromJSDate(now, true);
  vevent.updatePropertyWithValue('dtstamp', stamp);
  vevent.updatePropertyWithValue('last-modified', stamp);
  return root.toString();
}
