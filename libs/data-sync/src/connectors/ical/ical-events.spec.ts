import { NotICalendarError, readCalendar } from './ical-events';

const DAY = 86_400_000;
const window = { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z').getTime() + 30 * DAY };
const within = { from: window.from, to: new Date(window.to) };

const feed = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');

describe('readCalendar', () => {
  it('expands a weekly RRULE in its TZID (no VTIMEZONE: the IANA zone), less EXDATE, with an overridden occurrence', () => {
    const items = readCalendar(
      feed(
        'BEGIN:VEVENT',
        'UID:weekly@test',
        'SEQUENCE:1',
        'SUMMARY:Standup',
        'DTSTART;TZID=Europe/Berlin:20270104T090000',
        'DTEND;TZID=Europe/Berlin:20270104T091500',
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'EXDATE;TZID=Europe/Berlin:20270111T090000',
        'ATTENDEE;CN=Ada Lovelace:mailto:Ada@Example.com',
        'ATTENDEE:mailto:grace@example.com',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:weekly@test',
        'RECURRENCE-ID;TZID=Europe/Berlin:20270118T090000',
        'SUMMARY:Standup (moved)',
        'DTSTART;TZID=Europe/Berlin:20270118T100000',
        'DTEND;TZID=Europe/Berlin:20270118T101500',
        'END:VEVENT',
      ),
      within,
    );
    expect(items.map((i) => [i.externalId, i.start.toISOString(), i.title])).toEqual([
      ['weekly@test/2027-01-04T08:00:00.000Z', '2027-01-04T08:00:00.000Z', 'Standup'],
      ['weekly@test/2027-01-18T08:00:00.000Z', '2027-01-18T09:00:00.000Z', 'Standup (moved)'],
      ['weekly@test/2027-01-25T08:00:00.000Z', '2027-01-25T08:00:00.000Z', 'Standup'],
    ]);
    expect(items[0].end?.toISOString()).toBe('2027-01-04T08:15:00.000Z');
    expect(items[0].participants).toEqual([
      { name: 'Ada Lovelace', email: 'ada@example.com' },
      { name: 'grace@example.com', email: 'grace@example.com' },
    ]);
    expect(items[0].sequence).toBe(1);
  });

  it('reads a TZID by the feed’s VTIMEZONE, a UTC time as such, and a cancelled event', () => {
    const items = readCalendar(
      feed(
        'BEGIN:VTIMEZONE',
        'TZID:Custom/Plus3',
        'BEGIN:STANDARD',
        'DTSTART:19700101T000000',
        'TZOFFSETFROM:+0300',
        'TZOFFSETTO:+0300',
        'END:STANDARD',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:a@test',
        'SUMMARY:In plus three',
        'DTSTART;TZID=Custom/Plus3:20270105T120000',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b@test',
        'SUMMARY:Gone',
        'STATUS:CANCELLED',
        'DTSTART:20270106T120000Z',
        'DTEND:20270106T130000Z',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:c@test',
        'SUMMARY:Out of the window',
        'DTSTART:20280106T120000Z',
        'END:VEVENT',
      ),
      within,
    );
    expect(items.map((i) => [i.externalId, i.start.toISOString(), i.cancelled])).toEqual([
      ['a@test', '2027-01-05T09:00:00.000Z', false],
      ['b@test', '2027-01-06T12:00:00.000Z', true],
    ]);
  });

  it('refuses what is not iCalendar', () => {
    expect(() => readCalendar('<html>nope</html>', within)).toThrow(NotICalendarError);
  });
});
