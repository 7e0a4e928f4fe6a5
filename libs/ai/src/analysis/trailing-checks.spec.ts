import { TrailingChecks } from './trailing-checks';

describe('TrailingChecks', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs one check per key per burst, after the delay', () => {
    const checks = new TrailingChecks(100);
    const runs: string[] = [];
    const check = (key: string) => () => {
      runs.push(key);
      return Promise.resolve();
    };
    for (let i = 0; i < 5; i++) checks.schedule('a', check('a'));
    checks.schedule('b', check('b'));
    jest.advanceTimersByTime(99);
    expect(runs).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(runs).toEqual(['a', 'b']);
    // A later burst makes another check.
    checks.schedule('a', check('a'));
    jest.advanceTimersByTime(100);
    expect(runs).toEqual(['a', 'b', 'a']);
  });

  it('runs pending checks at once on flush, and not again when their timers would have fired', async () => {
    const checks = new TrailingChecks(100);
    let runs = 0;
    checks.schedule('a', () => Promise.resolve(void runs++));
    await checks.flush();
    expect(runs).toBe(1);
    jest.advanceTimersByTime(200);
    expect(runs).toBe(1);
    // Asked for after the flush (work still finishing during shutdown): run at once, no timer left behind.
    checks.schedule('b', () => Promise.resolve(void runs++));
    expect(runs).toBe(2);
    expect(jest.getTimerCount()).toBe(0);
  });
});
