/**
 * `next(value)` at once when `value` is already there, or once its promise
 * resolves (a rejection passes through). For hot paths that are synchronous on
 * a cache hit: with async hooks enabled (the request context), every promise
 * a request makes has a price, so a plain value is not wrapped in one.
 */
export function thenOrNow<T, R>(value: T | Promise<T>, next: (value: T) => R): R | Promise<Awaited<R>> {
  return value instanceof Promise ? (value.then(next) as Promise<Awaited<R>>) : next(value);
}
