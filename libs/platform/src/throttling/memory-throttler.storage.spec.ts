import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  const TTL = 60_000;

  it('counts hits in a fixed window and blocks past the limit until the block lifts', () => {
    const storage = new MemoryThrottlerStorage();
    const take = (now: number) => storage.take('default:1.2.3.4', TTL, 3, TTL, now);
    expect([take(0), take(1), take(2)].map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(take(1_000)).toEqual({ totalHits: 4, timeToExpire: 59, isBlocked: true, timeToBlockExpire: 60 });
    // Refused hits are not counted, and the wait shrinks as time passes.
    expect(take(30_000)).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 31 });
    // The window ended at 60 s but the block lasts until 61 s; then everything starts over.
    expect(take(60_500)).toMatchObject({ isBlocked: true });
    expect(take(61_000)).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
  });

  it('keeps keys and throttlers apart', () => {
    const storage = new MemoryThrottlerStorage();
    expect(storage.take('default:a', TTL, 1, TTL, 0).isBlocked).toBe(false);
    expect(storage.take('default:a', TTL, 1, TTL, 0).isBlocked).toBe(true);
    expect(storage.take('default:b', TTL, 1, TTL, 0).isBlocked).toBe(false);
    expect(storage.take('burst:a', TTL, 1, TTL, 0).isBlocked).toBe(false);
  });

  it('holds any number of hits in a window without growing or throwing (the framework store threw past ~130,000)', () => {
    const storage = new MemoryThrottlerStorage();
    let last = storage.take('default:x', TTL, 1_000_000, TTL, 0);
    for (let i = 1; i < 300_000; i++) last = storage.take('default:x', TTL, 1_000_000, TTL, i % TTL);
    expect(last).toMatchObject({ totalHits: 300_000, isBlocked: false });
  });

  it('forgets windows that have ended, so memory follows the active keys', async () => {
    const storage = new MemoryThrottlerStorage();
    for (let i = 0; i < 10_000; i++) storage.take(`default:${i}`, 1_000, 10, 1_000, 0);
    // The 10,000th increment above swept nothing (all live); the next sweep, 10,000 increments later, finds them ended.
    for (let i = 0; i < 10_000; i++) storage.take('default:active', 1_000, 1_000_000, 1_000, 5_000);
    expect((storage as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
    expect(await storage.increment('active', 1_000, 10, 1_000, 'default')).toMatchObject({ isBlocked: false });
  });
});
