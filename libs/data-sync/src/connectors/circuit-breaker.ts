import { ConnectorError } from './connector-error';

/**
 * A source's circuit breaker (per process): after `threshold` failures in a row it opens and calls fail at once with
 * the reason, so a source that is down costs its runs nothing and is not hammered; after `coolDownMs` one call is let
 * through (half-open), and its success closes the breaker again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    readonly threshold = 5,
    readonly coolDownMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.failures < this.threshold) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Throws while the breaker is open (or while its one half-open probe is out). */
  admit(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return;
    }
    const seconds = Math.max(1, Math.ceil((this.openUntil - this.now()) / 1000));
    throw new ConnectorError(
      `the source failed ${this.failures} times in a row: calls to it are paused for ${seconds} s (circuit breaker open)`,
      true,
    );
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
  }

  failure(): void {
    this.probing = false;
    this.failures++;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.coolDownMs;
  }
}
