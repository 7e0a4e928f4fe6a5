import { Injectable } from '@nestjs/common';
import { AppConfig } from '@quorum/platform';
import { AiUsageRepository } from './ai-usage.repository';

export interface BudgetStatus {
  limitUsd: number;
  spentUsd: number;
  exceeded: boolean;
  /** The start of the next calendar month (UTC), when spending counts from zero again. */
  resetsAt: Date;
}

/** The start of `now`'s calendar month, UTC: budgets are per month, the same for every tenant. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * A tenant's monthly spending against AI_TENANT_MONTHLY_BUDGET_USD. Checked before each remote call,
 * so calls already in flight when the limit is crossed may overshoot it by their own cost.
 */
@Injectable()
export class AiBudgetService {
  constructor(
    private readonly config: AppConfig,
    private readonly usage: AiUsageRepository,
  ) {}

  /** Undefined when no budget is configured. */
  async status(tenantId: string, now = new Date()): Promise<BudgetStatus | undefined> {
    const limitUsd = this.config.ai.tenantMonthlyBudgetUsd;
    if (limitUsd === undefined) return undefined;
    const start = monthStart(now);
    const spentUsd = await this.usage.spentSince(tenantId, start);
    return {
      limitUsd,
      spentUsd,
      exceeded: spentUsd >= limitUsd,
      resetsAt: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)),
    };
  }
}
