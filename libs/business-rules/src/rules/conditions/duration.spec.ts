import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['3d', 3 * 86_400_000],
    ['3 days', 3 * 86_400_000],
    ['1 day', 86_400_000],
    ['2w', 14 * 86_400_000],
    ['P3D', 3 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P1DT6H', 30 * 3_600_000],
    ['PT90M', 90 * 60_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '3', 'P', 'PT', 'P1M', '1y', '0d', '-3d', '3.5d', 'P1Y', 'soon', '9999999d', '3d '.repeat(20)])('refuses %p', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );

  it('refuses what is not text', () => {
    for (const value of [3, null, undefined, {}, ['3d']]) expect(parseDuration(value)).toBeNull();
  });
});
