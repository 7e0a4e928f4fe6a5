import { type ProblemException } from '../errors/problem.exception';
import { validationFailed } from '../errors/problems';

/** Keyset position: the sort value and id of the last item of the previous page. */
export interface CursorPosition {
  value: string | number | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

/** What a list sorts by, so a decoded cursor value is known to compare with it in SQL. */
export type CursorKind = 'timestamp' | 'number' | 'string';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Cursors are opaque to clients; a tampered or truncated one is a 400, never
 * a 500 or a silently wrong page. `nullable` admits lists whose sort column
 * may be NULL.
 */
export function decodeCursor(cursor: string, kind: CursorKind, nullable = false): CursorPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformedCursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw malformedCursor();
  const [value, id] = decoded as [unknown, unknown];
  if (typeof id !== 'string' || !UUID.test(id)) throw malformedCursor();
  if (value === null && nullable) return { value, id };
  const valid =
    kind === 'timestamp'
      ? isInstant(value)
      : kind === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : typeof value === 'string';
  if (!valid) throw malformedCursor();
  return { value: value as string | number, id };
}

/**
 * A UTC instant as the encoder writes it (`Date#toISOString()`; fewer or no
 * millisecond digits are accepted too), naming a moment that exists: the
 * value must serialise back to itself. Date.parse alone rolls 30 February
 * over to 2 March, which PostgreSQL refuses (a 422 instead of this 400);
 * PostgreSQL has no year 0000 either.
 */
function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || value.startsWith('0000')) return false;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const [seconds, fraction = ''] = value.slice(0, -1).split('.');
  return new Date(time).toISOString() === `${seconds}.${fraction.padEnd(3, '0')}Z`;
}

function malformedCursor(): ProblemException {
  return validationFailed(
    [{ field: 'cursor', message: 'cursor is malformed' }],
    'The cursor is not valid; pass back the nextCursor of a previous page unchanged.',
  );
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says whether there is a next page. */
export function toPage<T, R>(rows: T[], limit: number, position: (row: T) => CursorPosition, map: (row: T) => R): Page<R> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
