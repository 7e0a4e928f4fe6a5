export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A token bucket: `burst` tokens at once, then `ratePerSecond` on average.
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
    if (!(ratePerSecond > 0) || !(burst >= 1))
      throw new Error(`a token bucket needs a positive rate and a burst of at least 1 (got ${ratePerSecond}/s, burst ${burst})`);
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes `cost` tokens (1 for an event, its size for a byte budget); a cost above the burst is charged as the burst. */
  take(now: number = Date.now(), cost = 1): TakeResult {
    const needed = Math.min(cost, this.burst);
    // A clock that steps back must not mint tokens or push the next refill into the future.
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens >= needed) {
      this.tokens -= needed;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((needed - this.tokens) * 1000) / this.ratePerSecond) };
  }
}
