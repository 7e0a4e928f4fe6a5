import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Counter } from 'prom-client';
import type { Request } from 'express';
import { MetricsRegistry } from '../observability/metrics-registry';

/**
 * Keys limits by the client address Express derives under TRUST_PROXY. The
 * stock guard takes the first X-Forwarded-For entry, which a client can forge.
 * Each rejection (429) is counted in quorum_rate_limit_rejections_total.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  // A property, so the stock guard's constructor and its injection stay as they are.
  @Inject(MetricsRegistry) private readonly metrics!: MetricsRegistry;
  private rejections?: Counter;

  override async onModuleInit(): Promise<void> {
    this.rejections = this.metrics.counter('quorum_rate_limit_rejections_total', 'Requests refused by the global rate limit (429).');
    await super.onModuleInit();
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as unknown as Request).ip ?? 'unknown';
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.rejections?.inc();
    await super.throwThrottlingException(context, detail);
  }
}
