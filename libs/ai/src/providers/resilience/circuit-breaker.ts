export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one probe call is let through. */
  openMs: number;
  now?: () => number;
}

/**
 * One provider's circuit. Closed: calls go through, consecutive failures are counted. Open: calls are
 * refused at once (the chain moves to its next provider) until `openMs` has passed. Half-open: exactly one
 * probe goes through; its success closes the circuit, its failure opens it again for another `openMs`.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: CircuitState = 'closed';
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The state as a caller would find it now (an open circuit whose time is up reads half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) return 'half-open';
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** When an open circuit lets its next probe through; undefined unless open. */
  get retryAt(): number | undefined {
    return this.current === 'open' ? this.openedAt + this.options.openMs : undefined;
  }

  /** Whether a call may go now; in half-open, the first caller gets the probe and the others are refused until it ends. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.probeInFlight) return false;
    this.current = 'half-open';
    this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.probeInFlight = false;
    this.current = 'closed';
  }

  onFailure(): void {
    this.failures += 1;
    const wasProbe = this.probeInFlight;
    this.probeInFlight = false;
    if (wasProbe || this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
  }

  /** A call that ended without saying anything about the provider's health (the caller's own bad request, a cancel). */
  onNeutral(): void {
    if (this.probeInFlight) {
      this.probeInFlight = false;
      this.current = 'open';
      // The probe proved nothing: let the next caller probe at once.
      this.openedAt = this.now() - this.options.openMs;
    }
  }
}
