import { backoffDelay, JOB_BACKOFF_TYPE, jobBackoffStrategy, MAX_BACKOFF_MS } from './job-backoff';
import { seededRandom } from '../seeded-random';
import { storedFailure } from './job-failure';
import { RetryLaterError } from './retry-later.error';

describe('backoffDelay', () => {
  it('doubles the window with each attempt and stays in its upper half', () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = 1000 * 2 ** (attempt - 1);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt, 1000, random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('reaches both ends of the window', () => {
    expect(backoffDelay(3, 1000, () => 0)).toBe(2000);
    expect(backoffDelay(3, 1000, () => 0.999_999)).toBe(3999);
  });

  it('spreads retries that fail together', () => {
    const random = seededRandom(7);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, 1000, random)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('never waits longer than MAX_BACKOFF_MS, however many attempts came before', () => {
    expect(backoffDelay(40, 1000, () => 0.999_999)).toBeLessThan(MAX_BACKOFF_MS);
    expect(backoffDelay(40, 1000, () => 0)).toBe(MAX_BACKOFF_MS / 2);
  });
});

describe('jobBackoffStrategy', () => {
  it("takes the base from the job's backoff options", () => {
    const job = { opts: { backoff: { type: JOB_BACKOFF_TYPE, delay: 200 } } } as never;
    const delay = jobBackoffStrategy(2, JOB_BACKOFF_TYPE, undefined, job) as number;
    expect(delay).toBeGreaterThanOrEqual(200);
    expect(delay).toBeLessThan(400);
  });

  it('waits as long as a RetryLaterError asks when that is longer than the backoff, up to MAX_BACKOFF_MS', () => {
    const job = { opts: { backoff: { type: JOB_BACKOFF_TYPE, delay: 200 } } } as never;
    const stored = storedFailure(new RetryLaterError('429', 30_000), 1);
    expect(jobBackoffStrategy(1, JOB_BACKOFF_TYPE, stored, job)).toBe(30_000);
    expect(jobBackoffStrategy(1, JOB_BACKOFF_TYPE, new RetryLaterError('429', 10), job)).toBeGreaterThanOrEqual(100);
    expect(jobBackoffStrategy(1, JOB_BACKOFF_TYPE, new RetryLaterError('429', 10 * MAX_BACKOFF_MS), job)).toBe(MAX_BACKOFF_MS);
  });

  it('refuses a backoff type it does not know, rather than guessing', () => {
    expect(() => jobBackoffStrategy(1, 'linear')).toThrow(/unknown backoff type linear/);
  });
});
