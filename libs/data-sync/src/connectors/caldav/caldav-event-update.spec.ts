import { readCalendar } from '../ical/ical-events';
import { applyMeetingFields, EventNotWritableError } from './caldav-event-update';

const ALL = { from: new Date(0), to: new Date(8.64e15) };
const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');

const ics = (extra: string[] = []) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    'BEGIN:VEVENT',
    'UID:e1@example.com',
    'DTSTAMP:20261201T000000Z',
    'SEQUENCE:2',
    'DTSTART;TZID=Europe/Berlin:20261210T090000',
    'DTEND;TZID=Europe/Berlin:20261210T100000',
    'SUMMARY:Kickoff',
    'DESCRIPTION:Old agenda',
    'ATTENDEE;CN=Grace Hopper;PARTSTAT=ACCEPTED:mailto:grace@example.com',
    'ATTENDEE;CN=Alan Turing:mailto:alan@example.com',
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('applyMeetingFields', () => {
  const [current] = readCalendar(ics(), ALL);
  const fields = {
    title: current!.title,
    description: current!.description,
    scheduledStartAt: current!.start.toISOString(),
    scheduledEndAt: current!.end!.toISOString(),
    participants: current!.participants,
    cancelled: false,
  };

  it('rewrites only what differs, and marks the event', () => {
    const text = unfold(applyMeetingFields(ics(), 'e1@example.com', { ...fields, description: null }, 'local-1', new Date()));
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261210T090000');
    expect(text).toContain('SEQUENCE:2');
    expect(text).not.toContain('DESCRIPTION');
    expect(text).toContain('X-QUORUM-ID:local-1');
    expect(readCalendar(text, ALL)[0]).toMatchObject({ description: null, start: current!.start });
  });

  it('moves the event in UTC, bumps SEQUENCE, and keeps staying attendees as they were', () => {
    const moved = {
      ...fields,
      title: 'Kickoff (moved)',
      scheduledStartAt: '2026-12-11T08:00:00.000Z',
      scheduledEndAt: '2026-12-11T09:00:00.000Z',
      participants: [
        { name: 'Grace Hopper', email: 'grace@example.com' },
        { name: 'Ada Lovelace', email: 'ada@example.com' },
      ],
      cancelled: true,
    };
    const text = unfold(applyMeetingFields(ics(), 'e1@example.com', moved, 'local-1', new Date()));
    expect(text).toContain('DTSTART:20261211T080000Z');
    expect(text).toContain('SEQUENCE:3');
    expect(text).toContain('PARTSTAT=ACCEPTED');
    expect(text).not.toContain('alan@example.com');
    const [read] = readCalendar(text, ALL);
    expect({
      title: read!.title,
      scheduledStartAt: read!.start.toISOString(),
      scheduledEndAt: read!.end!.toISOString(),
      participants: read!.participants,
      cancelled: read!.cancelled,
      description: read!.description,
    }).toEqual(moved);
  });

  it('refuses a recurring event and a missing UID', () => {
    expect(() => applyMeetingFields(ics(['RRULE:FREQ=DAILY;COUNT=2']), 'e1@example.com', fields, 'l', new Date())).toThrow(
      EventNotWritableError,
    );
    expect(() => applyMeetingFields(ics(), 'other@example.com', fields, 'l', new Date())).toThrow(EventNotWritableError);
  });
});
