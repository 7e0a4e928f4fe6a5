import { type CursorKind, type CursorPosition, decodeCursor, type Page, toPage } from './cursor';
import { type PageLimits, pageLimit, type PageRequest } from './page-query';

/**
 * A list's statement as SQL, for the hottest lists: building it with TypeORM's
 * query builder on every request (alias rewriting, escaping, the selection
 * expression) cost more CPU than PostgreSQL spends running it. Every value is
 * a named parameter (`:name`, `:...list`), as in a query builder's conditions,
 * so the same conditions serve both; `where` must scope the rows to the tenant
 * itself, since no tenant-scoped builder does it here.
 */
export interface KeysetSql {
  /** The select list, each column aliased to the row's property (`m.starts_at AS "startsAt"`). */
  select: string;
  /** `meetings m`: the table or join the columns come from. */
  from: string;
  /** Conditions ANDed together, their values as `:name` placeholders into `params`. */
  where: string[];
  params: Record<string, unknown>;
}

/** How a SQL list is ordered: by the `key` column, then by the unique `id` column, both in `direction`. */
export interface KeysetSqlOrder<Row> {
  key: string;
  id: string;
  direction: 'ASC' | 'DESC';
  kind: CursorKind;
  position: (row: Row) => CursorPosition;
}

export interface KeysetSqlOptions<Row, Item> {
  order: KeysetSqlOrder<Row>;
  limits: PageLimits;
  map: (row: Row) => Item;
}

/**
 * `keysetPage` for a statement written as SQL: the same cursor, the same
 * `limit + 1` read and the same page, with the statement assembled from
 * strings and run by `run` (`Transactions.query`, which binds the named
 * parameters). The key column must be NOT NULL.
 */
export function keysetSqlPage<Row, Item>(
  statement: KeysetSql,
  request: PageRequest,
  run: (sql: string, params: Record<string, unknown>) => Promise<Row[]>,
  { order, limits, map }: KeysetSqlOptions<Row, Item>,
): Promise<Page<Item>> {
  const limit = pageLimit(request, limits);
  const where = [...statement.where];
  const params: Record<string, unknown> = { ...statement.params, keysetLimit: limit + 1 };
  if (request.cursor) {
    let position: CursorPosition;
    try {
      position = decodeCursor(request.cursor, order.kind);
    } catch (error) {
      // A bad cursor rejects like any other failure: callers get a promise either way.
      return Promise.reject(error as Error);
    }
    const { value, id } = position;
    Object.assign(params, { keysetValue: value, keysetId: id });
    where.push(`(${order.key}, ${order.id}) ${order.direction === 'DESC' ? '<' : '>'} (:keysetValue, :keysetId)`);
  }
  const sql =
    `SELECT ${statement.select} FROM ${statement.from}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${order.key} ${order.direction}, ${order.id} ${order.direction} LIMIT :keysetLimit`;
  // A then rather than an async function: one promise less on the hottest lists.
  return run(sql, params).then((rows) => toPage(rows, limit, order.position, map));
}
