/**
 * A failure worth retrying no sooner than `retryAfterMs` from now, whatever the queue's backoff says
 * (a server that answered 429 or 503 with Retry-After). The wait is the longer of the two, and never
 * more than the backoff's own cap (MAX_BACKOFF_MS).
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** The wait a failure asks for, if it is a RetryLaterError (or carries one's `retryAfterMs` through storedFailure). */
export function retryAfterOf(error: unknown): number {
  const ms = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 0;
}
