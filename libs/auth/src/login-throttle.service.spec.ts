import { lockMs } from './login-throttle.service';

describe('login lock durations', () => {
  it('start at the base and double with each failure past the limit, up to 15 minutes', () => {
    expect([0, 1, 2, 3].map((n) => lockMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockMs(5, 30_000)).toBe(900_000);
    expect(lockMs(50, 30_000)).toBe(900_000);
  });
});
