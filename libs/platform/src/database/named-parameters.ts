/** A statement's `:name` placeholders, found once: the names in order of first use, and the SQL with `$n` in their place. */
interface BoundStatement {
  sql: string;
  names: string[];
  /** Placeholders with no parameter of that name when it was compiled, left as written (`'x'::text` reads as `:text`). */
  absent: string[];
}

/** The same statements come back on every request (one per filter combination); past this many, the oldest goes. */
const MAX_BOUND_STATEMENTS = 500;
const boundStatements = new Map<string, BoundStatement | null>();
const PLACEHOLDER = /:([A-Za-z0-9_.]+)/g;
/** `:...list`: TypeORM's form for a list spread into one placeholder per element. */
const SPREAD = /:\.\.\.[A-Za-z0-9_.]/;

/**
 * TypeORM's escapeQueryWithParameters for the common case, with its regular
 * expression run once per statement instead of once per call: every
 * placeholder `:name` becomes `$n` (one number per name) and `values[n-1]`
 * is that parameter. Undefined, for TypeORM to handle, when the statement
 * spreads a list (`:...ids`, whose SQL depends on the list's length), a
 * parameter is a function (raw SQL), or the parameters present differ from
 * those the statement was compiled with.
 */
export function bindNamedParameters(sql: string, params: Record<string, unknown>): [string, unknown[]] | undefined {
  let bound = boundStatements.get(sql);
  if (bound === undefined) {
    bound = compileNamedParameters(sql, params);
    if (boundStatements.size >= MAX_BOUND_STATEMENTS) boundStatements.delete(boundStatements.keys().next().value!);
    boundStatements.set(sql, bound);
  }
  if (bound === null) return undefined;
  const values = new Array<unknown>(bound.names.length);
  for (let i = 0; i < bound.names.length; i++) {
    const name = bound.names[i];
    if (!Object.hasOwn(params, name) || typeof params[name] === 'function') return undefined;
    values[i] = params[name];
  }
  for (const name of bound.absent) if (Object.hasOwn(params, name)) return undefined;
  return [bound.sql, values];
}

function compileNamedParameters(sql: string, params: Record<string, unknown>): BoundStatement | null {
  if (SPREAD.test(sql)) return null;
  const names: string[] = [];
  const absent: string[] = [];
  const positional = sql.replaceAll(PLACEHOLDER, (placeholder, name: string) => {
    if (!Object.hasOwn(params, name)) {
      absent.push(name);
      return placeholder;
    }
    const index = names.indexOf(name);
    return `$${index === -1 ? names.push(name) : index + 1}`;
  });
  return { sql: positional, names, absent };
}
