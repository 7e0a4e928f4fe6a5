import { Injectable, Logger } from '@nestjs/common';
import { assertPeriod, RequestContext } from '@quorum/platform';
import { AiUsageRepository, type UsageGroupRow } from './ai-usage.repository';
import type { AiUsageOutcome } from './ai-usage-outcome';
import { monthStart } from './ai-budget.service';
import { type UsageQueryDto } from './dto/usage-query.dto';
import { type UsageSummaryDto, type UsageTotalsDto } from './dto/usage-summary.dto';

export interface UsageRecord {
  tenantId: string;
  userId: string | null;
  task: string;
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  outcome: AiUsageOutcome;
  failure?: string;
}

/** Writes the usage rows of AI calls and sums them for the tenant that made them. */
@Injectable()
export class AiUsageService {
  private readonly logger = new Logger(AiUsageService.name);

  constructor(private readonly usage: AiUsageRepository) {}

  /** Never fails the AI call it describes: a lost row is logged, the answer still goes back. */
  async record(row: UsageRecord): Promise<void> {
    try {
      await this.usage.append({ ...row, failure: row.failure ?? null });
    } catch (error) {
      this.logger.error({ err: error, provider: row.provider, task: row.task }, 'Could not record AI usage');
    }
  }

  async summary(query: UsageQueryDto): Promise<UsageSummaryDto> {
    const tenantId = RequestContext.tenantId();
    const to = query.to ?? new Date();
    const from = query.from ?? monthStart(to);
    const groupBy = query.groupBy ?? 'provider';
    assertPeriod(from, to);
    const groups = await this.usage.summary(tenantId, from, to, groupBy);
    return { from, to, groupBy, totals: totalsOf(groups), groups };
  }
}

function totalsOf(groups: UsageGroupRow[]): UsageTotalsDto {
  const calls = groups.reduce((sum, group) => sum + group.calls, 0);
  const sum = (pick: (group: UsageGroupRow) => number) => groups.reduce((total, group) => total + pick(group), 0);
  return {
    calls,
    tokensIn: sum((group) => group.tokensIn),
    tokensOut: sum((group) => group.tokensOut),
    costUsd: Math.round(sum((group) => group.costUsd) * 1e8) / 1e8,
    averageLatencyMs: calls ? Math.round(sum((group) => group.averageLatencyMs * group.calls) / calls) : 0,
    outcomes: {
      ok: sum((group) => group.outcomes.ok),
      error: sum((group) => group.outcomes.error),
      fallback: sum((group) => group.outcomes.fallback),
      budget: sum((group) => group.outcomes.budget),
      cancelled: sum((group) => group.outcomes.cancelled),
    },
  };
}
