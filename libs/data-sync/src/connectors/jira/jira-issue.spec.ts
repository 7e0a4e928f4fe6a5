import { jqlString, jqlTime, parseJiraTime, statusOf } from './jira-issue';

describe('Jira issue helpers', () => {
  it('maps status categories, and the cancelled status by name whatever its category', () => {
    const s = (name: string, key: string) => ({ name, statusCategory: { key } });
    expect(statusOf(s('To Do', 'new'), { cancelledStatus: null })).toBe('open');
    expect(statusOf(s('Review', 'indeterminate'), { cancelledStatus: null })).toBe('in_progress');
    expect(statusOf(s('Closed', 'done'), { cancelledStatus: null })).toBe('done');
    expect(statusOf(s("won't do", 'done'), { cancelledStatus: "Won't Do" })).toBe('cancelled');
    expect(statusOf(null, { cancelledStatus: null })).toBe('open');
  });

  it('reads Jira timestamps with a +0000 offset', () => {
    expect(parseJiraTime('2026-12-01T03:54:57.123+0000')).toEqual(new Date('2026-12-01T03:54:57.123Z'));
    expect(parseJiraTime('2026-12-01T05:54:57.123+0200')).toEqual(new Date('2026-12-01T03:54:57.123Z'));
    expect(parseJiraTime('garbage')).toBeNull();
  });

  it('writes JQL times as the zone’s wall clock, floored to the minute', () => {
    expect(jqlTime(new Date('2026-11-20T14:59:59.999Z'), 'America/New_York')).toBe('2026-11-20 09:59');
    expect(jqlTime(new Date('2026-07-01T00:30:00Z'), 'Europe/Berlin')).toBe('2026-07-01 02:30');
    expect(jqlTime(new Date('2026-07-01T00:30:00Z'), 'UTC')).toBe('2026-07-01 00:30');
  });

  it('goes an hour back around a clock change, where a wall-clock time may mean the later instant', () => {
    // New York falls back at 06:00 UTC on 2026-11-01: 01:30 happens twice.
    expect(jqlTime(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01 01:30');
    expect(jqlTime(new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01 00:30');
    expect(jqlTime(new Date('2026-11-01T08:30:00Z'), 'America/New_York')).toBe('2026-11-01 03:30');
  });

  it('quotes JQL strings', () => {
    expect(jqlString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });
});
