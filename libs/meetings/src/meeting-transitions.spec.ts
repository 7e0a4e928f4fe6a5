import { ProblemException } from '@quorum/platform';
import { MEETING_STATUSES, type MeetingStatus } from './entities/meeting-status';
import { applyTransition, type MeetingTimeline } from './meeting-transitions';

/** The clock of every move here: far from the real one, so a stamp can only have come from `now`. */
const NOW = new Date('2031-07-04T12:34:56.789Z');
const START = new Date('2026-03-01T09:00:00.000Z');
const END = new Date('2026-03-01T10:30:00.000Z');

/** startedAt and endedAt. */
type Times = [startedAt: Date | null, endedAt: Date | null];

/** A meeting with fields the move must not touch beside the ones it may. */
function meeting(status: MeetingStatus, [startedAt, endedAt]: Times): MeetingTimeline & Record<string, unknown> {
  return { id: 'm1', title: 'Planning', scheduledStartAt: START, scheduledEndAt: END, status, startedAt, endedAt };
}

/** Every allowed move, with the times before and after (what docs/meetings.md promises for `status`). */
const ALLOWED: [string, MeetingStatus, MeetingStatus, Times, Times][] = [
  ['going live stamps the start', 'scheduled', 'live', [null, null], [NOW, null]],
  ['going live keeps a start given earlier', 'scheduled', 'live', [START, null], [START, null]],
  ['completing without going live takes the scheduled slot that has passed', 'scheduled', 'completed', [null, null], [START, END]],
  ['completing without going live keeps a start given earlier', 'scheduled', 'completed', [START, null], [START, END]],
  ['completing keeps times given earlier', 'scheduled', 'completed', [START, END], [START, END]],
  ['cancelling stamps nothing', 'scheduled', 'cancelled', [null, null], [null, null]],
  ['completing stamps the end', 'live', 'completed', [START, null], [START, NOW]],
  ['completing keeps an end given earlier', 'live', 'completed', [START, END], [START, END]],
  ['completing without a start stamps both', 'live', 'completed', [null, null], [NOW, NOW]],
  ['cancelling keeps the start', 'live', 'cancelled', [START, null], [START, null]],
  ['rescheduling clears start and end', 'cancelled', 'scheduled', [START, END], [null, null]],
  ['rescheduling with no times', 'cancelled', 'scheduled', [null, null], [null, null]],
];

/** Every refused move, with the 409's detail and `allowed`. */
const REFUSED: [MeetingStatus, MeetingStatus, string, MeetingStatus[]][] = [
  ['live', 'scheduled', 'A live meeting cannot become scheduled; it can become completed or cancelled.', ['completed', 'cancelled']],
  ['completed', 'scheduled', 'A completed meeting cannot become scheduled; it is final.', []],
  ['completed', 'live', 'A completed meeting cannot become live; it is final.', []],
  ['completed', 'cancelled', 'A completed meeting cannot become cancelled; it is final.', []],
  ['cancelled', 'live', 'A cancelled meeting cannot become live; it can become scheduled.', ['scheduled']],
  ['cancelled', 'completed', 'A cancelled meeting cannot become completed; it can become scheduled.', ['scheduled']],
];

/** The problem applyTransition throws, as the client would see it. */
function refusal(move: () => void): object {
  try {
    move();
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    const { type, title, detail, errors, extensions } = error;
    return { status: error.getStatus(), type, title, detail, errors, extensions };
  }
  throw new Error('expected the move to be refused');
}

describe('applyTransition', () => {
  it('has a case above for every pair of different statuses', () => {
    const covered = [...ALLOWED.map(([, from, to]) => `${from}→${to}`), ...REFUSED.map(([from, to]) => `${from}→${to}`)];
    const pairs = MEETING_STATUSES.flatMap((from) => MEETING_STATUSES.filter((to) => to !== from).map((to) => `${from}→${to}`));
    expect([...new Set(covered)].sort()).toEqual(pairs.sort());
  });

  it.each(ALLOWED)('%s: %s → %s', (_case, from, to, before, after) => {
    const subject = meeting(from, before);
    applyTransition(subject, to, NOW);
    expect(subject).toEqual(meeting(to, after));
  });

  it.each<[string, Date | null, Date | null, Times, Times]>([
    ['a slot still to come stamps now', new Date('2032-01-01T09:00:00Z'), new Date('2032-01-01T10:00:00Z'), [null, null], [NOW, NOW]],
    ['a slot under way stamps its start and ends now', START, new Date('2032-01-01T10:00:00Z'), [null, null], [START, NOW]],
    ['no slot stamps now', null, null, [null, null], [NOW, NOW]],
    [
      'a scheduled end before the start given ends now',
      START,
      END,
      [new Date('2026-03-02T09:00:00Z'), null],
      [new Date('2026-03-02T09:00:00Z'), NOW],
    ],
  ])('completing without going live: %s', (_case, scheduledStartAt, scheduledEndAt, before, after) => {
    const subject = { ...meeting('scheduled', before), scheduledStartAt, scheduledEndAt };
    applyTransition(subject, 'completed', NOW);
    expect([subject.startedAt, subject.endedAt]).toEqual(after);
  });

  it.each(REFUSED)('refuses %s → %s with 409 invalid-transition and changes nothing', (from, to, detail, allowed) => {
    const subject = meeting(from, [START, from === 'completed' ? END : null]);
    const before = { ...subject };
    expect(refusal(() => applyTransition(subject, to, NOW))).toEqual({
      status: 409,
      type: 'https://quorum.dev/problems/invalid-transition',
      title: 'Invalid status change',
      detail,
      errors: undefined,
      extensions: { from, to, allowed },
    });
    expect(subject).toEqual(before);
  });

  it.each(MEETING_STATUSES)('treats %s → the same status as no move: no 409, no stamp', (status) => {
    const subject = meeting(status, [null, null]);
    applyTransition(subject, status, NOW);
    expect(subject).toEqual(meeting(status, [null, null]));
  });

  it('stamps with the clock it is given, never its own', () => {
    const subject = meeting('scheduled', [null, null]);
    applyTransition(subject, 'live', NOW);
    applyTransition(subject, 'completed', END);
    expect(subject).toMatchObject({ status: 'completed', startedAt: NOW, endedAt: END });
  });

  it('walks a whole life: scheduled → live → cancelled → scheduled → completed', () => {
    const later = new Date(NOW.getTime() + 60_000);
    const subject = meeting('scheduled', [null, null]);
    applyTransition(subject, 'live', NOW);
    applyTransition(subject, 'cancelled', later);
    expect(subject).toMatchObject({ status: 'cancelled', startedAt: NOW, endedAt: null });
    applyTransition(subject, 'scheduled', later);
    expect(subject).toMatchObject({ status: 'scheduled', startedAt: null, endedAt: null });
    // Rescheduled into a slot that has passed by the time it is completed without going live again: held in that slot.
    applyTransition(subject, 'completed', later);
    expect(subject).toMatchObject({ status: 'completed', startedAt: START, endedAt: END });
    expect(() => applyTransition(subject, 'live', later)).toThrow(ProblemException);
  });
});
