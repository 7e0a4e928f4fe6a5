import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@quorum/platform';
import { ProviderRegistry } from './provider-registry';

/** Seconds; remote models take from a fraction of a second to about a minute. */
const AI_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

const CIRCUIT_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** What a provider's part in a call came to, as the metrics count it (the usage outcomes plus circuit skips and the caller's cancels). */
export type AiMetricOutcome = 'ok' | 'error' | 'fallback' | 'budget' | 'circuit_open' | 'cancelled';

/**
 * AI calls in Prometheus. Labels are bounded: provider (five names), task (five), outcome, direction;
 * never a model (operators choose any name), tenant or user.
 */
@Injectable()
export class AiMetrics {
  private readonly requests;
  private readonly tokens;
  private readonly cost;
  private readonly duration;
  private readonly retries;

  constructor(metrics: MetricsRegistry, registry: ProviderRegistry) {
    this.requests = metrics.counter('quorum_ai_requests_total', "AI provider calls by provider, task and how the provider's part ended.", [
      'provider',
      'task',
      'outcome',
    ]);
    this.tokens = metrics.counter('quorum_ai_tokens_total', 'Tokens sent to (in) and received from (out) AI providers.', [
      'provider',
      'task',
      'direction',
    ]);
    this.cost = metrics.counter('quorum_ai_cost_usd_total', 'Cost of AI provider calls in USD, from the price table.', [
      'provider',
      'task',
    ]);
    this.duration = metrics.histogram('quorum_ai_request_duration_seconds', 'Duration of AI provider calls, retries included.', {
      labelNames: ['provider', 'task'],
      buckets: AI_DURATION_BUCKETS,
    });
    this.retries = metrics.counter('quorum_ai_retries_total', 'Retried AI provider attempts, by provider and failure kind.', [
      'provider',
      'kind',
    ]);
    metrics.gauge('quorum_ai_circuit_state', 'Circuit breaker state per configured remote AI provider: 0 closed, 1 half-open, 2 open.', {
      labelNames: ['provider'],
      collect: (gauge) => {
        for (const name of registry.remoteNames()) gauge.set({ provider: name }, CIRCUIT_VALUE[registry.breaker(name)!.state]);
      },
    });
  }

  call(
    provider: string,
    task: string,
    outcome: AiMetricOutcome,
    measured?: { tokensIn: number; tokensOut: number; costUsd: number; seconds: number },
  ): void {
    this.requests.inc({ provider, task, outcome });
    if (!measured) return;
    this.tokens.inc({ provider, task, direction: 'in' }, measured.tokensIn);
    this.tokens.inc({ provider, task, direction: 'out' }, measured.tokensOut);
    this.cost.inc({ provider, task }, measured.costUsd);
    this.duration.observe({ provider, task }, measured.seconds);
  }

  retry(provider: string, kind: string): void {
    this.retries.inc({ provider, kind });
  }
}
