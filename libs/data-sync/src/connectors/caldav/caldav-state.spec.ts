import { goneIds, MAX_TRACKED_IDS, track } from './caldav-state';

describe('caldav state', () => {
  it('names the ids a resource gave before and gives no more', () => {
    const resources = { '/c/a.ics': ['a/1', 'a/2', 'a/3'] };
    expect(goneIds(resources, '/c/a.ics', ['a/1', 'a/3', 'a/4'])).toEqual(['a/2']);
    expect(goneIds(resources, '/c/a.ics', [])).toEqual(['a/1', 'a/2', 'a/3']);
    expect(goneIds(resources, '/c/unknown.ics', [])).toEqual([]);
  });

  it('remembers ids within the bound and forgets a resource that gives none', () => {
    const resources: Record<string, string[]> = {};
    expect(track(resources, '/c/a.ics', ['a'])).toBe(true);
    expect(resources).toEqual({ '/c/a.ics': ['a'] });
    expect(track(resources, '/c/a.ics', [])).toBe(true);
    expect(resources).toEqual({});
    expect(
      track(
        resources,
        '/c/big.ics',
        Array.from({ length: MAX_TRACKED_IDS }, (_, i) => `b/${i}`),
      ),
    ).toBe(true);
    expect(track(resources, '/c/one-more.ics', ['x'])).toBe(false);
    expect(resources['/c/one-more.ics']).toBeUndefined();
    // Replacing a resource's own ids does not count them twice.
    expect(track(resources, '/c/big.ics', ['b/0'])).toBe(true);
  });
});
