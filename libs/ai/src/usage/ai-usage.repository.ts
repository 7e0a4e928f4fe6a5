import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository, Transactions } from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { AiUsage } from './ai-usage.entity';
import type { AiUsageOutcome } from './ai-usage-outcome';

export const USAGE_GROUPS = ['provider', 'model', 'task', 'day'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** The SQL of each grouping key: a fixed list, so nothing from the request is ever spliced into the query. */
const GROUP_KEY: Record<UsageGroup, string> = {
  provider: 'provider',
  model: `provider || ':' || model`,
  task: 'task',
  day: `to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
};

export interface UsageGroupRow {
  key: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  averageLatencyMs: number;
  outcomes: Record<AiUsageOutcome, number>;
}

interface RawGroup {
  key: string;
  calls: number;
  tokens_in: string;
  tokens_out: string;
  cost_usd: string;
  average_latency_ms: string | null;
  ok: number;
  error: number;
  fallback: number;
  budget: number;
  cancelled: number;
}

/** The `ai_usage` rows: appended once per provider and call, summed per tenant. */
@Injectable()
export class AiUsageRepository {
  constructor(
    @InjectTenantRepository(AiUsage) private readonly usage: TenantRepository<AiUsage>,
    private readonly transactions: Transactions,
  ) {}

  async append(row: DeepPartial<AiUsage> & { tenantId: string }): Promise<void> {
    const usage = this.usage.forTenant(row.tenantId);
    await usage.save(usage.create(row));
  }

  /** USD a tenant has spent since `since` (the budget's month start). */
  async spentSince(tenantId: string, since: Date): Promise<number> {
    const [row] = (await this.transactions.manager.query(
      'SELECT coalesce(sum(cost_usd), 0)::text AS spent FROM ai_usage WHERE tenant_id = $1 AND created_at >= $2',
      [tenantId, since],
    )) as [{ spent: string }];
    return Number(row.spent);
  }

  /** Sums per group over [from, to), ordered by key. */
  async summary(tenantId: string, from: Date, to: Date, groupBy: UsageGroup): Promise<UsageGroupRow[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT ${GROUP_KEY[groupBy]} AS key, count(*)::int AS calls,
              sum(tokens_in)::text AS tokens_in, sum(tokens_out)::text AS tokens_out, sum(cost_usd)::text AS cost_usd,
              round(avg(latency_ms))::text AS average_latency_ms,
              count(*) FILTER (WHERE outcome = 'ok')::int AS ok, count(*) FILTER (WHERE outcome = 'error')::int AS error,
              count(*) FILTER (WHERE outcome = 'fallback')::int AS fallback, count(*) FILTER (WHERE outcome = 'budget')::int AS budget,
              count(*) FILTER (WHERE outcome = 'cancelled')::int AS cancelled
       FROM ai_usage WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3
       GROUP BY 1 ORDER BY 1`,
      [tenantId, from, to],
    )) as RawGroup[];
    return rows.map((row) => ({
      key: row.key,
      calls: row.calls,
      tokensIn: Number(row.tokens_in),
      tokensOut: Number(row.tokens_out),
      costUsd: Number(row.cost_usd),
      averageLatencyMs: Number(row.average_latency_ms ?? 0),
      outcomes: { ok: row.ok, error: row.error, fallback: row.fallback, budget: row.budget, cancelled: row.cancelled },
    }));
  }
}
