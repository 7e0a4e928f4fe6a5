import { MemoryCache } from './memory-cache';

describe('MemoryCache', () => {
  afterEach(() => jest.useRealTimers());

  it('gives back a copy of what was stored, as JSON would carry it', () => {
    const cache = new MemoryCache();
    const stored = { userId: 'u', tags: ['a'], at: new Date('2026-01-02T03:04:05Z') };
    cache.set('k', stored, 1000);
    const read = cache.get<{ userId: string; tags: string[]; at: string }>('k')!;
    expect(read).toEqual({ userId: 'u', tags: ['a'], at: '2026-01-02T03:04:05.000Z' });
    read.tags.push('b');
    expect(cache.get<{ tags: string[] }>('k')!.tags).toEqual(['a']);
    expect(cache.get('missing')).toBeUndefined();
  });

  it('forgets an entry once its time to live has passed', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new MemoryCache();
    cache.set('k', 1, 500);
    jest.setSystemTime(1_000_499);
    expect(cache.get('k')).toBe(1);
    jest.setSystemTime(1_000_500);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest written first', () => {
    const cache = new MemoryCache(3);
    for (const key of ['a', 'b', 'c']) cache.set(key, key, 60_000);
    // Rewriting makes `a` the newest, so `b` is the oldest when `d` arrives.
    cache.set('a', 'a2', 60_000);
    cache.set('d', 'd', 60_000);
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((key) => cache.get(key))).toEqual(['a2', undefined, 'c', 'd']);
  });

  it('deletes keys, and stores nothing for undefined values or a non-positive time to live', () => {
    const cache = new MemoryCache();
    cache.set('a', 1, 1000);
    cache.set('b', 2, 1000);
    cache.del(['a', 'b', 'never-set']);
    expect(cache.size).toBe(0);
    cache.set('u', undefined, 1000);
    cache.set('z', 0, 0);
    expect(cache.size).toBe(0);
    expect(cache.get('z')).toBeUndefined();
  });
});
