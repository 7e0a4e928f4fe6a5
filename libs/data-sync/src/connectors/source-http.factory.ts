import { Injectable } from '@nestjs/common';
import { OutboundHttp } from '@quorum/platform';
import { CircuitBreaker } from './circuit-breaker';
import { SOURCE_HTTP_DEFAULTS, SourceHttp, type SourceHttpOptions } from './source-http';
import { TokenBucket } from './token-bucket';

/** Calls a minute to one source unless its settings say `requestsPerMinute`. */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;

/**
 * Makes each run's SourceHttp. The breaker and the bucket of a source live as long as the process, so a run that
 * starts while its source's breaker is open fails at once, and back-to-back runs share one rate limit.
 */
@Injectable()
export class SourceHttpFactory {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly outbound: OutboundHttp) {}

  for(sourceId: string, settings: Record<string, unknown>, signal: AbortSignal, options: Partial<SourceHttpOptions> = {}): SourceHttp {
    let breaker = this.breakers.get(sourceId);
    if (!breaker) this.breakers.set(sourceId, (breaker = new CircuitBreaker()));
    const perMinute = typeof settings.requestsPerMinute === 'number' ? settings.requestsPerMinute : DEFAULT_REQUESTS_PER_MINUTE;
    let bucket = this.buckets.get(sourceId);
    if (!bucket || bucket.perMinute !== perMinute) this.buckets.set(sourceId, (bucket = new TokenBucket(perMinute)));
    return new SourceHttp(this.outbound, breaker, bucket, signal, { ...SOURCE_HTTP_DEFAULTS, ...options });
  }

  /** The breaker's state for a source, for `check` answers and logs. */
  breakerState(sourceId: string): 'closed' | 'open' | 'half-open' {
    return this.breakers.get(sourceId)?.state ?? 'closed';
  }
}
