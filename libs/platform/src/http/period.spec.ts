import { type ProblemException } from '../errors/problem.exception';
import { assertPeriod, MAX_PERIOD_MS } from './period';

describe('assertPeriod', () => {
  const to = new Date('2026-12-01T00:00:00Z');
  const problem = (from: Date) => {
    try {
      assertPeriod(from, to);
      return null;
    } catch (error) {
      return error as ProblemException;
    }
  };

  it('takes a period of up to two years', () => {
    expect(problem(new Date(to.getTime() - 1))).toBeNull();
    expect(problem(new Date(to.getTime() - MAX_PERIOD_MS))).toBeNull();
  });

  it('refuses an empty or reversed period, and a longer one, naming from', () => {
    for (const [from, detail] of [
      [to, 'from must be before to.'],
      [new Date(to.getTime() + 1), 'from must be before to.'],
      [new Date(to.getTime() - MAX_PERIOD_MS - 1), 'The period may span at most two years.'],
    ] as const) {
      const error = problem(from)!;
      expect(error.getStatus()).toBe(400);
      expect(error.detail).toBe(detail);
      expect(error.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    }
  });
});
