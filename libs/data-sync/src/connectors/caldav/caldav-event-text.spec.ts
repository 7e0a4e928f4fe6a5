import { readCalendar } from '../ical/ical-events';
import { meetingToICalendar, originMarker, pushedFileName, pushedUid } from './caldav-event-text';

const ALL = { from: new Date(0), to: new Date(8.64e15) };

describe('meetingToICalendar', () => {
  const fields = {
    title: 'Review; budget, Q3 \\ plans — a title long enough to be folded over two or more content lines: ünïcödé',
    description: 'Line one\nLine two, with a comma',
    scheduledStartAt: '2026-12-03T10:00:00.000Z',
    scheduledEndAt: '2026-12-03T11:30:00.000Z',
    participants: [
      { name: 'Doe, Jane', email: 'jane@example.com' },
      { name: 'Bob "the builder"', email: 'bob@example.com' },
    ],
    cancelled: false,
  };

  it('reads back as the same fields, with the origin marker and UID', () => {
    const text = meetingToICalendar('m-1', fields, new Date('2026-12-01T00:00:00Z'));
    const [occurrence, ...rest] = readCalendar(text, ALL);
    expect(rest).toEqual([]);
    expect(occurrence).toMatchObject({
      externalId: 'm-1@quorum',
      title: fields.title,
      description: fields.description,
      start: new Date(fields.scheduledStartAt),
      end: new Date(fields.scheduledEndAt),
      cancelled: false,
      participants: [
        { name: 'Doe, Jane', email: 'jane@example.com' },
        { name: 'Bob the builder', email: 'bob@example.com' },
      ],
    });
    expect(originMarker(text)).toBe('m-1');
  });

  it('folds lines at 75 octets and ends them with CRLF', () => {
    const text = meetingToICalendar('m-1', fields, new Date());
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('writes a cancelled meeting without an end or description', () => {
    const text = meetingToICalendar('m-2', { ...fields, scheduledEndAt: null, description: null, cancelled: true }, new Date());
    expect(text).toContain('STATUS:CANCELLED');
    expect(text).not.toContain('DTEND');
    expect(text).not.toContain('DESCRIPTION');
    expect(readCalendar(text, ALL)[0]).toMatchObject({ cancelled: true, end: null, description: null });
  });

  it('refuses a start that is no time', () => {
    expect(() => meetingToICalendar('m-3', { ...fields, scheduledStartAt: 'soon' }, new Date())).toThrow(RangeError);
  });
});

describe('originMarker', () => {
  it('reads a folded marker and answers null without one', () => {
    expect(originMarker('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nX-QUORUM-ID:abc\r\n def\r\nEND:VEVENT\r\n')).toBe('abcdef');
    expect(originMarker('BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\n')).toBeNull();
  });
});

describe('pushed names', () => {
  it('are stable per local id and safe in a URL', () => {
    expect(pushedUid('a1')).toBe('a1@quorum');
    expect(pushedFileName('a/b c')).toBe('a%2Fb%20c.ics');
  });
});
