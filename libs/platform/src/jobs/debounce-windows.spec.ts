import { DebounceWindows } from './debounce-windows';

describe('DebounceWindows', () => {
  it('claims a key once per window, with the time left in it', () => {
    const windows = new DebounceWindows(5000);
    expect(windows.claim('m1', 12_000)).toEqual({ window: 2, delayMs: 3000 });
    expect(windows.claim('m1', 14_999)).toBeNull();
    expect(windows.claim('m2', 14_999)).toEqual({ window: 2, delayMs: 1 });
    expect(windows.claim('m1', 15_000)).toEqual({ window: 3, delayMs: 5000 });
  });

  it('lets a key be claimed again once its queueing failed', () => {
    const windows = new DebounceWindows(5000);
    windows.claim('m1', 1000);
    windows.release('m1');
    expect(windows.claim('m1', 1001)).toEqual({ window: 0, delayMs: 3999 });
  });

  it('stays bounded, dropping keys of past windows', () => {
    const windows = new DebounceWindows(1000, 3);
    for (const key of ['a', 'b', 'c']) windows.claim(key, 0);
    expect(windows.claim('d', 1000)).not.toBeNull();
    // a, b and c were of window 0 and were dropped; a is new again in window 1.
    expect(windows.claim('a', 1001)).not.toBeNull();
    expect(windows.claim('d', 1002)).toBeNull();
  });
});
