import { ProblemException } from '@quorum/platform';
import { applyTransition } from './meeting-transitions';
import { assertTimes, type MeetingTimes } from './meeting-times';

const T9 = new Date('2026-03-01T09:00:00.000Z');
const T10 = new Date('2026-03-01T10:00:00.000Z');

const times = (overrides: Partial<MeetingTimes> = {}): MeetingTimes => ({
  scheduledStartAt: null,
  scheduledEndAt: null,
  startedAt: null,
  endedAt: null,
  ...overrides,
});

/** The problem assertTimes throws, as the client would see it. */
function refusal(check: () => void): object {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    const { type, title, detail, errors } = error;
    return { status: error.getStatus(), type, title, detail, errors };
  }
  throw new Error('expected the times to be refused');
}

const unprocessable = (field: string, message: string) => ({
  status: 422,
  type: 'https://quorum.dev/problems/unprocessable-content',
  title: 'Unprocessable content',
  detail: message,
  errors: [{ field, message }],
});

describe('assertTimes', () => {
  it.each<[string, Partial<MeetingTimes>]>([
    ['no times at all', {}],
    ['a schedule in order', { scheduledStartAt: T9, scheduledEndAt: T10 }],
    ['a schedule that ends as it starts', { scheduledStartAt: T9, scheduledEndAt: T9 }],
    ['a scheduled end without a start', { scheduledEndAt: T9 }],
    ['a scheduled start without an end', { scheduledStartAt: T10 }],
    ['a meeting held in order', { startedAt: T9, endedAt: T10 }],
    ['a meeting that ended as it started', { startedAt: T10, endedAt: T10 }],
    ['an end without a start', { endedAt: T9 }],
    ['a meeting held outside its schedule', { scheduledStartAt: T10, scheduledEndAt: T10, startedAt: T9, endedAt: T9 }],
  ])('accepts %s', (_case, overrides) => {
    expect(() => assertTimes(times(overrides))).not.toThrow();
  });

  it('refuses a scheduled end before the scheduled start with 422 naming scheduledEndAt', () => {
    expect(refusal(() => assertTimes(times({ scheduledStartAt: T10, scheduledEndAt: T9 })))).toEqual(
      unprocessable('scheduledEndAt', 'scheduledEndAt must not be before scheduledStartAt'),
    );
  });

  it('refuses an end before the start with 422 naming endedAt', () => {
    expect(refusal(() => assertTimes(times({ startedAt: T10, endedAt: T9 })))).toEqual(
      unprocessable('endedAt', 'endedAt must not be before startedAt'),
    );
  });

  it('names the schedule first when both are out of order', () => {
    expect(refusal(() => assertTimes(times({ scheduledStartAt: T10, scheduledEndAt: T9, startedAt: T10, endedAt: T9 })))).toEqual(
      unprocessable('scheduledEndAt', 'scheduledEndAt must not be before scheduledStartAt'),
    );
  });

  it('refuses completing, at T9, a meeting given a start at T10: the stamped end would come first', () => {
    const meeting = { ...times({ startedAt: T10 }), status: 'live' as const };
    applyTransition(meeting, 'completed', T9);
    expect(refusal(() => assertTimes(meeting))).toEqual(unprocessable('endedAt', 'endedAt must not be before startedAt'));
  });
});
