import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { type CursorKind, type CursorPosition, decodeCursor, type Page, toPage } from './cursor';
import { type PageLimits, pageLimit, type PageRequest } from './page-query';

/**
 * How a list is ordered for keyset pagination: by `key`, then by the unique
 * `id` as tie-breaker, both in `direction`.
 */
export interface KeysetOrder<Row> {
  /** The sort key as SQL (property paths such as `m.startsAt` work), compared with the cursor. */
  key: string;
  /** What ORDER BY names, when it differs from `key` (a selected alias such as `match_rank`). */
  orderBy?: string;
  /** The unique tie-breaker, e.g. `m.id`. */
  id: string;
  direction: 'ASC' | 'DESC';
  /** The type of the key's values, to validate a cursor before it reaches SQL. */
  kind: CursorKind;
  /** The key may be NULL: NULLs come last in both directions. */
  nullsLast?: boolean;
  /** The cursor of a row: its key and id. */
  position: (row: Row) => CursorPosition;
}

/**
 * The most common order: by creation time then id, newest first (`ASC` for oldest first), for rows selected as
 * `alias` (`r` for `r.createdAt`, `r.id`).
 */
export function byCreation<Row extends { createdAt: Date; id: string }>(
  alias: string,
  direction: 'ASC' | 'DESC' = 'DESC',
): KeysetOrder<Row> {
  return {
    key: `${alias}.createdAt`,
    id: `${alias}.id`,
    kind: 'timestamp',
    direction,
    position: (row) => ({ value: row.createdAt.toISOString(), id: row.id }),
  };
}

interface KeysetBaseOptions<Row, Item> {
  order: KeysetOrder<Row>;
  limits: PageLimits;
  map: (row: Row) => Item;
}

/**
 * How the rows are read: entities (`getMany()`, the default), or a custom `fetch` (for lists that need raw columns
 * beside the entities). The hottest lists are statements written as SQL instead: `keysetSqlPage`.
 */
export type KeysetOptions<Entity extends ObjectLiteral, Row, Item> = KeysetBaseOptions<Row, Item> & {
  fetch?: (builder: SelectQueryBuilder<Entity>) => Promise<Row[]>;
};

/**
 * The one keyset pagination every list uses: orders `builder` by (key, id),
 * continues after the cursor, reads `limit + 1` rows (the extra one only says
 * whether a next page exists) and returns the page with its nextCursor.
 * Rows are counted with LIMIT, so join only to-one relations.
 */
export async function keysetPage<Entity extends ObjectLiteral, Row = Entity, Item = Row>(
  builder: SelectQueryBuilder<Entity>,
  request: PageRequest,
  { order, limits, map, fetch }: KeysetOptions<Entity, Row, Item>,
): Promise<Page<Item>> {
  const limit = pageLimit(request, limits);
  const after = order.direction === 'DESC' ? '<' : '>';
  builder
    .orderBy(order.orderBy ?? order.key, order.direction, order.nullsLast ? 'NULLS LAST' : undefined)
    .addOrderBy(order.id, order.direction)
    .limit(limit + 1);
  if (request.cursor) {
    const { value, id } = decodeCursor(request.cursor, order.kind, order.nullsLast);
    if (value === null) builder.andWhere(`(${order.key} IS NULL AND ${order.id} ${after} :keysetId)`, { keysetId: id });
    else if (order.nullsLast)
      builder.andWhere(`(${order.key} IS NULL OR (${order.key}, ${order.id}) ${after} (:keysetValue, :keysetId))`, {
        keysetValue: value,
        keysetId: id,
      });
    else builder.andWhere(`(${order.key}, ${order.id}) ${after} (:keysetValue, :keysetId)`, { keysetValue: value, keysetId: id });
  }
  const rows = fetch ? await fetch(builder) : ((await builder.getMany()) as unknown as Row[]);
  return toPage(rows, limit, order.position, map);
}
