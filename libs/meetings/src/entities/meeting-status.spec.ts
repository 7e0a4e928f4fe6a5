import { MEETING_STATUSES, MEETING_TRANSITIONS, type MeetingStatus } from './meeting-status';

/**
 * The moves docs/meetings.md promises, written out apart from the table: scheduled → live →
 * completed, any open meeting → cancelled, cancelled → scheduled, completed is final.
 * (What a move does to startedAt/endedAt is applyTransition's, in ../meeting-transitions.ts.)
 */
const PROMISED: readonly (readonly [MeetingStatus, MeetingStatus])[] = [
  ['scheduled', 'live'],
  ['scheduled', 'completed'],
  ['scheduled', 'cancelled'],
  ['live', 'completed'],
  ['live', 'cancelled'],
  ['cancelled', 'scheduled'],
];

describe('meeting status transitions', () => {
  const pairs = MEETING_STATUSES.flatMap((from) => MEETING_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is allowed exactly when promised', (from, to) => {
    const promised = PROMISED.some(([a, b]) => a === from && b === to);
    expect(MEETING_TRANSITIONS[from].includes(to)).toBe(promised);
  });

  it('has a row for every status and names only known statuses', () => {
    expect(Object.keys(MEETING_TRANSITIONS).sort()).toEqual([...MEETING_STATUSES].sort());
    for (const targets of Object.values(MEETING_TRANSITIONS)) for (const to of targets) expect(MEETING_STATUSES).toContain(to);
  });

  it('keeps a completed meeting completed, and a live one from going back to scheduled', () => {
    expect(MEETING_TRANSITIONS.completed).toEqual([]);
    expect(MEETING_TRANSITIONS.live).not.toContain('scheduled');
  });

  it('lets every meeting that is not final end, one way or the other', () => {
    for (const status of MEETING_STATUSES.filter((s) => s !== 'completed' && s !== 'cancelled'))
      expect(MEETING_TRANSITIONS[status]).toEqual(expect.arrayContaining(['completed', 'cancelled']));
  });
});
