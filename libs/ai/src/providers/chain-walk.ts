import type { LoggerService } from '@nestjs/common';
import { type AiCapability, type AiTask, priceOf, type PriceTable, type ProviderRef } from '@quorum/platform';
import type { AiBudgetService, BudgetStatus } from '../usage/ai-budget.service';
import type { AiUsageOutcome } from '../usage/ai-usage-outcome';
import type { AiUsageService } from '../usage/ai-usage.service';
import { costUsd, type MeteredUsage } from '../usage/cost';
import type { AiMetrics } from './ai-metrics';
import { AiUnavailableError, type ChainStep } from './ai-unavailable.error';
import type { ProviderRegistry } from './provider-registry';
import { ProviderCallError } from './resilience/provider-call.error';

/** What every answer says about how it was made. */
export interface AiCallInfo {
  task: AiTask;
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  /** The chain's providers before the one that answered, and why each gave no answer (`budget`, `circuit-open`, a failure kind). */
  skipped: ChainStep[];
}

export interface ChainDeps {
  registry: ProviderRegistry;
  budget: AiBudgetService;
  usage: AiUsageService;
  metrics: AiMetrics;
  prices: PriceTable;
  logger: LoggerService;
}

/** Keeps only the counts a provider actually reported, so a later event cannot erase an earlier one with undefined. */
export function definedOnly(event: { tokensIn?: number; tokensOut?: number }): { tokensIn?: number; tokensOut?: number } {
  return {
    ...(event.tokensIn !== undefined ? { tokensIn: event.tokensIn } : {}),
    ...(event.tokensOut !== undefined ? { tokensOut: event.tokensOut } : {}),
  };
}

/**
 * One walk along a chain: which providers were skipped or failed and why, the budget (read once, on the
 * first remote provider), and the usage row and metrics of each provider's part.
 */
export class ChainWalk {
  readonly steps: ChainStep[] = [];
  private budget?: BudgetStatus | null;

  constructor(
    private readonly task: AiTask,
    private readonly capability: AiCapability,
    private readonly caller: { tenantId: string; userId: string | null },
    private readonly deps: ChainDeps,
  ) {}

  /** The provider's capability if it may be called now; otherwise records why not and returns undefined. */
  async admit<I>(ref: ProviderRef): Promise<I | undefined> {
    const { registry, metrics } = this.deps;
    const impl = registry.get(ref.provider)?.[this.capability] as I | undefined;
    if (!impl) {
      this.steps.push({ provider: ref.provider, model: ref.model, reason: 'not-supported' });
      return undefined;
    }
    if (ref.provider === 'local') return impl;
    this.budget ??= (await this.deps.budget.status(this.caller.tenantId)) ?? null;
    if (this.budget?.exceeded) {
      this.steps.push({ provider: ref.provider, model: ref.model, reason: 'budget' });
      metrics.call(ref.provider, this.task, 'budget');
      await this.record(ref, 'budget', { tokensIn: 0, tokensOut: 0 }, 0, 0, 'budget');
      return undefined;
    }
    if (!registry.breaker(ref.provider)!.tryAcquire()) {
      this.steps.push({ provider: ref.provider, model: ref.model, reason: 'circuit-open' });
      metrics.call(ref.provider, this.task, 'circuit_open');
      return undefined;
    }
    return impl;
  }

  async succeeded(ref: ProviderRef, usage: MeteredUsage, latencyMs: number): Promise<AiCallInfo> {
    const { registry } = this.deps;
    registry.breaker(ref.provider)?.onSuccess();
    registry.noteSuccess(ref.provider);
    const cost = costUsd(priceOf(this.deps.prices, ref), usage);
    const outcome: AiUsageOutcome = this.steps.length ? 'fallback' : 'ok';
    this.deps.metrics.call(ref.provider, this.task, outcome, { ...usage, costUsd: cost, seconds: latencyMs / 1000 });
    await this.record(ref, outcome, usage, cost, latencyMs);
    return {
      task: this.task,
      provider: ref.provider,
      model: ref.model,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: cost,
      latencyMs: Math.round(latencyMs),
      skipped: [...this.steps],
    };
  }

  /**
   * The caller cancelled while this provider was answering: says nothing about its health (a half-open
   * circuit's probe is handed on), and its row, outcome `cancelled`, keeps what was billed.
   */
  async cancelled(ref: ProviderRef, usage: MeteredUsage, latencyMs: number): Promise<void> {
    this.deps.registry.breaker(ref.provider)?.onNeutral();
    const cost = costUsd(priceOf(this.deps.prices, ref), usage);
    this.deps.metrics.call(ref.provider, this.task, 'cancelled', { ...usage, costUsd: cost, seconds: latencyMs / 1000 });
    await this.record(ref, 'cancelled', usage, cost, latencyMs, 'cancelled');
  }

  async failed(ref: ProviderRef, error: unknown, latencyMs: number, partial?: MeteredUsage): Promise<void> {
    const { registry } = this.deps;
    const failure = error instanceof ProviderCallError ? error : undefined;
    const kind = failure?.kind ?? 'local-error';
    const breaker = registry.breaker(ref.provider);
    if (failure?.countsAgainstProvider ?? true) breaker?.onFailure();
    else breaker?.onNeutral();
    registry.noteFailure(ref.provider, failure?.kind ?? 'rejected');
    // Tokens of an answer that came but failed validation, or of a stream cut short, were still billed.
    const usage = partial ?? (error as { usage?: MeteredUsage }).usage ?? { tokensIn: 0, tokensOut: 0 };
    const cost = costUsd(priceOf(this.deps.prices, ref), usage);
    this.steps.push({ provider: ref.provider, model: ref.model, reason: kind });
    this.deps.metrics.call(ref.provider, this.task, 'error', { ...usage, costUsd: cost, seconds: latencyMs / 1000 });
    this.deps.logger.warn(
      { provider: ref.provider, model: ref.model, task: this.task, kind, status: failure?.status, err: failure ? undefined : error },
      `AI provider ${ref.provider} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    await this.record(ref, 'error', usage, cost, latencyMs, kind);
  }

  exhausted(): AiUnavailableError {
    const reasons = new Set(this.steps.map((step) => step.reason));
    const remoteFailed = this.steps.some((step) => !['not-supported', 'budget'].includes(step.reason));
    if (reasons.has('budget') && !remoteFailed && this.budget) {
      const { limitUsd, spentUsd, resetsAt } = this.budget;
      return new AiUnavailableError(this.task, 'budget', this.steps, { limitUsd, spentUsd, resetsAt });
    }
    return new AiUnavailableError(this.task, remoteFailed || reasons.has('budget') ? 'providers-failed' : 'not-configured', this.steps);
  }

  private record(ref: ProviderRef, outcome: AiUsageOutcome, usage: MeteredUsage, cost: number, latencyMs: number, failure?: string) {
    return this.deps.usage.record({
      tenantId: this.caller.tenantId,
      userId: this.caller.userId,
      task: this.task,
      provider: ref.provider,
      model: ref.model,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: cost,
      latencyMs: Math.round(latencyMs),
      outcome,
      failure,
    });
  }
}
