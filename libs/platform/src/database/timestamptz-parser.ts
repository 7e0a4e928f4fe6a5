import { types } from 'pg';

const TIMESTAMPTZ = types.builtins.TIMESTAMPTZ;
const parseSlowly = types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date | number | null;

/**
 * PostgreSQL's text form of a timestamptz in the ISO DateStyle,
 * `2026-03-01 12:34:56.789+00` (the offset may carry minutes and seconds),
 * parsed by character codes. The driver's parser (postgres-date) runs
 * three regular expressions per value; on a page of 20 meetings with six
 * timestamps each it was a twentieth of the api's CPU. Anything else
 * (infinity, BC, years outside 1000–9999, another DateStyle) goes to it.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return parseSlowly(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 1000 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return parseSlowly(text);
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return parseSlowly(text);
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    // Milliseconds from the first three fraction digits, truncated as Date truncates; microseconds are dropped.
    let scale = 100;
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  const sign = text.charCodeAt(i);
  if ((sign !== 43 && sign !== 45) || (n - i !== 3 && n - i !== 6 && n - i !== 9)) return parseSlowly(text);
  const offsetHours = digits(text, i + 1, 2);
  const offsetMinutes = n - i >= 6 ? (text.charCodeAt(i + 3) === 58 ? digits(text, i + 4, 2) : -1) : 0;
  const offsetSeconds = n - i === 9 ? (text.charCodeAt(i + 6) === 58 ? digits(text, i + 7, 2) : -1) : 0;
  if (offsetHours < 0 || offsetMinutes < 0 || offsetSeconds < 0) return parseSlowly(text);
  const offsetMs = (offsetHours * 3600 + offsetMinutes * 60 + offsetSeconds) * 1000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - (sign === 43 ? offsetMs : -offsetMs));
}

/** The decimal number of `length` ASCII digits at `start`, or -1 if one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The type parsers of the app's connections: pg's own, with timestamptz
 * parsed as above. Given to the pool (not set on pg's global registry), so
 * loading this module changes nothing for anyone else.
 */
export const QUERY_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    return oid === TIMESTAMPTZ && format !== 'binary' ? parseTimestamptz : types.getTypeParser(oid, format);
  },
};
