import { createHash } from 'node:crypto';
import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Counter } from 'prom-client';
import type { Request } from 'express';
import { MetricsRegistry } from '../observability/metrics-registry';

/** The longest IPv6 text form (with an embedded IPv4 address) is 45 characters. */
const MAX_PLAIN_TRACKER = 45;

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

  /**
   * The stock guard hashes every key with SHA-256, on every request. Route and
   * throttler names are short, and so is an address; only a tracker that is
   * not one (a forged X-Forwarded-For behind TRUST_PROXY can be kilobytes) is
   * hashed, so keys stay small in memory and in Redis without a hash per request.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    const client = tracker.length <= MAX_PLAIN_TRACKER ? tracker : createHash('sha256').update(tracker).digest('base64url');
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${client}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.rejections?.inc();
    await super.throwThrottlingException(context, detail);
  }
}
