export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A token bucket: `burst` events at once, then `ratePerSecond` on average.
 * Refused events take no token, so a client that backs off as told gets
 * through on its next try.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number = Date.now(),
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error(`a token bucket needs a positive rate and a burst of at least 1 (got ${ratePerSecond}/s, burst ${burst})`);
    this.tokens = burst;
    this.updatedAt = now;
  }

  take(now: number = Date.now()): TakeResult {
    // A clock that steps back must not mint tokens or push the next refill into the future.
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond) };
  }
}
