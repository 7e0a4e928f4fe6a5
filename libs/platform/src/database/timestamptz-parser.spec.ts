import { types } from 'pg';
import { parseTimestamptz, QUERY_TYPES } from './timestamptz-parser';

const slow = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number | null;

describe('parseTimestamptz', () => {
  it('reads what PostgreSQL writes, offsets and fractions included, as the driver does', () => {
    const samples = [
      '2026-03-01 12:34:56+00',
      '2026-03-01 12:34:56.7+00',
      '2026-03-01 12:34:56.78+00',
      '2026-03-01 12:34:56.789+00',
      '2026-03-01 12:34:56.789123+00',
      '2026-12-31 23:59:59.999+05:30',
      '2026-01-01 00:00:00-08',
      '1999-07-04 04:05:06.5-03:30',
      '1883-11-18 12:00:00+00:19:32',
      '2024-02-29 00:00:00.001+14',
      '1000-01-01 00:00:00+00',
    ];
    for (const text of samples)
      expect([text, (parseTimestamptz(text) as Date).toISOString()]).toEqual([text, (slow(text) as Date).toISOString()]);
  });

  it('keeps milliseconds exact where the driver may lose one to floating point', () => {
    for (let ms = 0; ms < 1000; ms++) {
      const fraction = String(ms).padStart(3, '0');
      const parsed = parseTimestamptz(`2026-05-06 07:08:09.${fraction}+00`) as Date;
      expect(parsed.toISOString()).toBe(`2026-05-06T07:08:09.${fraction}Z`);
    }
  });

  it('hands what it does not know to the driver: infinity, BC, short and long years, other shapes', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '0044-03-15 12:00:00+00 BC',
      '0099-01-01 00:00:00+00',
      '12026-01-01 00:00:00+00',
      '2026-03-01T12:34:56Z',
    ]) {
      const fast = parseTimestamptz(text);
      const expected = slow(text);
      if (expected instanceof Date)
        expect(fast instanceof Date && fast.getTime()).toBe(Number.isNaN(expected.getTime()) ? NaN : expected.getTime());
      else expect(fast).toBe(expected);
    }
  });

  it('is what the pool parses timestamptz with, and leaves every other type to pg', () => {
    expect(QUERY_TYPES.getTypeParser(types.builtins.TIMESTAMPTZ, 'text')).toBe(parseTimestamptz);
    expect(QUERY_TYPES.getTypeParser(types.builtins.TIMESTAMP, 'text')).toBe(types.getTypeParser(types.builtins.TIMESTAMP, 'text'));
    expect(QUERY_TYPES.getTypeParser(types.builtins.INT4, 'text')).toBe(types.getTypeParser(types.builtins.INT4, 'text'));
  });
});
