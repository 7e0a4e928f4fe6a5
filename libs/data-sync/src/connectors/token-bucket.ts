import { sleep } from './sleep';

/**
 * A source's rate limit: `perMinute` calls a minute, in bursts of at most `burst`. `take` waits for a token (a
 * run slows down rather than fails), and gives up when the run is aborted.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly perMinute: number,
    readonly burst = Math.max(1, Math.min(perMinute, 10)),
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.perMinute) / 60_000);
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute), signal);
    }
  }
}
