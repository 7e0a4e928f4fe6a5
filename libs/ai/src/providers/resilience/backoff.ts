export interface BackoffPolicy {
  /** The first retry waits up to this long; each further one doubles it. */
  baseMs: number;
  /** No wait is longer, however many attempts came before. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 8_000 };

/**
 * Exponential backoff with full jitter (a uniform wait in [0, min(max, base·2^(retry-1))]), so clients
 * that failed together do not retry together. `retry` counts from 1 (the wait before the second attempt).
 */
export function backoffDelay(retry: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before the next attempt: what the server asked for (Retry-After) when it asked, never less,
 * and at least the jittered backoff. Undefined when the server asks for longer than `maxMs`: waiting that
 * long inside one call would outlast the caller, so the call moves on to the next provider instead.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number | undefined {
  const backoff = backoffDelay(retry, policy, random);
  if (retryAfterMs === undefined) return backoff;
  if (retryAfterMs > policy.maxMs) return undefined;
  return Math.max(retryAfterMs, backoff);
}
