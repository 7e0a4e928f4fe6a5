import { dueDate } from './due-date';

// A Tuesday, 09:41:07.250 UTC: a due date that kept this time of day would show it.
const MEETING = new Date('2026-12-01T09:41:07.250Z');

describe('dueDate', () => {
  it.each([
    ['I will send it tomorrow', '2026-12-02T12:00:00.000Z'],
    ["I'll prepare it by Friday", '2026-12-04T12:00:00.000Z'],
    ['can you do it by next Friday', '2026-12-11T12:00:00.000Z'],
    ['we need it in two days', '2026-12-03T12:00:00.000Z'],
    ['finish it by December 20', '2026-12-20T12:00:00.000Z'],
  ])('a day without a time of day is due at noon of that day: %s', (text, expected) => {
    expect(dueDate(text, MEETING)?.toISOString()).toBe(expected);
  });

  it.each([
    ['call me tomorrow at 3pm', '2026-12-02T15:00:00.000Z'],
    ['send it by Friday at 9:30', '2026-12-04T09:30:00.000Z'],
    ['I will send it tonight', '2026-12-01T22:00:00.000Z'],
    ['ping me tomorrow morning', '2026-12-02T06:00:00.000Z'],
  ])('a stated or implied time of day is kept: %s', (text, expected) => {
    expect(dueDate(text, MEETING)?.toISOString()).toBe(expected);
  });

  it('keeps the meeting time for "today" said after noon, whose noon is already past', () => {
    expect(dueDate('I will finish it today', MEETING)?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    const afternoon = new Date('2026-12-01T15:41:07.250Z');
    expect(dueDate('I will finish it today', afternoon)?.toISOString()).toBe('2026-12-01T15:41:07.250Z');
    expect(dueDate('I will finish it tomorrow', afternoon)?.toISOString()).toBe('2026-12-02T12:00:00.000Z');
  });

  it.each(['I may do it', 'give me a second', 'nothing is due here'])('names no date: %s', (text) => {
    expect(dueDate(text, MEETING)).toBeNull();
  });
});
