import { ProblemException } from '../errors/problem.exception';
import { type CursorKind, type CursorPosition, decodeCursor, encodeCursor, toPage } from './cursor';

const ID = '3f2c9a1e-8b4d-4c6a-9e2f-1a2b3c4d5e6f';
const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The problem decodeCursor throws, for comparing one bad cursor's answer with another's. */
function refusal(decode: () => unknown): object {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    const { type, title, detail, errors } = error;
    return { status: error.getStatus(), type, title, detail, errors };
  }
  throw new Error('expected the cursor to be refused');
}

const MALFORMED = {
  status: 400,
  type: 'https://quorum.dev/problems/validation-failed',
  title: 'Validation failed',
  detail: 'The cursor is not valid; pass back the nextCursor of a previous page unchanged.',
  errors: [{ field: 'cursor', message: 'cursor is malformed' }],
};

describe('cursors', () => {
  it.each<[CursorKind, CursorPosition]>([
    ['timestamp', { value: '2026-01-02T03:04:05.678Z', id: ID }],
    ['timestamp', { value: '2026-01-02T03:04:05Z', id: ID }],
    ['number', { value: 0, id: ID }],
    ['number', { value: -42.5, id: ID }],
    ['number', { value: Number.MAX_SAFE_INTEGER, id: ID }],
    ['string', { value: 'Zoë’s "meeting" / ½', id: ID }],
    ['string', { value: '', id: ID }],
  ])('round-trips a %s position', (kind, position) => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, kind)).toEqual(position);
  });

  it('round-trips a null sort value only where the list admits one', () => {
    const cursor = encodeCursor({ value: null, id: ID });
    expect(decodeCursor(cursor, 'timestamp', true)).toEqual({ value: null, id: ID });
    expect(refusal(() => decodeCursor(cursor, 'timestamp'))).toEqual(MALFORMED);
  });

  const valid = encodeCursor({ value: '2026-01-02T03:04:05.678Z', id: ID });
  it.each<[string, string, CursorKind]>([
    ['empty', '', 'timestamp'],
    ['not base64url JSON', 'garbage!', 'timestamp'],
    ['truncated', valid.slice(0, valid.length - 6), 'timestamp'],
    ['one character changed', `${valid.slice(0, 10)}${valid[10] === 'A' ? 'B' : 'A'}${valid.slice(11)}`, 'timestamp'],
    ['an object, not a pair', raw({ value: 1, id: ID }), 'number'],
    ['a single element', raw([ID]), 'number'],
    ['three elements', raw([1, ID, 'extra']), 'number'],
    ['an id that is no UUID', raw([1, 'not-a-uuid']), 'number'],
    ['an id that is a number', raw([1, 7]), 'number'],
    ['a string where a number sorts', raw(['1', ID]), 'number'],
    ['a number where a timestamp sorts', raw([1767312000000, ID]), 'timestamp'],
    ['a date without a time', raw(['2026-01-02', ID]), 'timestamp'],
    ['a timestamp with an offset', raw(['2026-01-02T03:04:05+01:00', ID]), 'timestamp'],
    ['a month that does not exist', raw(['2026-13-01T00:00:00Z', ID]), 'timestamp'],
    ['a number where a string sorts', raw([5, ID]), 'string'],
    ['an object as the value', raw([{ $gt: '' }, ID]), 'string'],
    ['JSON null', raw('null'), 'string'],
  ])('refuses a cursor that is %s with the same 400 problem', (_case, cursor, kind) => {
    expect(refusal(() => decodeCursor(cursor, kind))).toEqual(MALFORMED);
  });

  // Date.parse rolls impossible dates and times over (30 February becomes 2 March), which PostgreSQL then
  // refuses (22008, a 422 constraint-violated); a cursor's instant must be one the encoder could have written.
  it.each([
    ['a day that does not exist', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00.000Z'],
    ['day 31 of a 30-day month', '2026-04-31T12:00:00.000Z'],
    ['day zero', '2026-01-00T00:00:00.000Z'],
    ['hour 24', '2026-01-01T24:00:00.000Z'],
    ['minute 60', '2026-01-01T10:60:00.000Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['year zero (PostgreSQL has none)', '0000-01-01T00:00:00.000Z'],
  ])('refuses a cursor with %s with the same 400 problem', (_case, value) => {
    expect(refusal(() => decodeCursor(raw([value, ID]), 'timestamp'))).toEqual(MALFORMED);
  });

  it.each(['2024-02-29T00:00:00.000Z', '2026-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'])(
    'accepts the real instant %s, and the encoding of a Date round-trips unchanged',
    (value) => {
      expect(decodeCursor(raw([value, ID]), 'timestamp')).toEqual({ value, id: ID });
      const cursor = encodeCursor({ value: new Date(value).toISOString(), id: ID });
      expect(decodeCursor(cursor, 'timestamp')).toEqual({ value, id: ID });
    },
  );

  it.each(['2026-01-02T03:04:05.6Z', '2026-01-02T03:04:05.67Z'])('accepts fewer millisecond digits, as in %s, unchanged', (value) => {
    expect(decodeCursor(raw([value, ID]), 'timestamp')).toEqual({ value, id: ID });
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3].map((n) => ({ n, id: ID.replace(/^.{8}/, String(n).repeat(8)) }));
  const position = (row: (typeof rows)[number]): CursorPosition => ({ value: row.n, id: row.id });

  it('keeps `limit` items and points the next cursor at the last one kept when a further row was fetched', () => {
    const page = toPage(rows, 2, position, (row) => row.n);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, 'number')).toEqual(position(rows[1]));
  });

  it('has no next cursor when no further row was fetched', () => {
    expect(toPage(rows, 3, position, (row) => row.n)).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(toPage(rows.slice(0, 1), 3, position, (row) => row.n)).toEqual({ items: [1], nextCursor: null });
    expect(toPage([], 3, position, (row) => row.n)).toEqual({ items: [], nextCursor: null });
  });
});
