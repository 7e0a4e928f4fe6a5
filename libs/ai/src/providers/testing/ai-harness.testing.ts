import { AppConfig, MetricsRegistry } from '@quorum/platform';
import { compilePolicy, type MaskingPolicy } from '../../masking/engine/masking-policy';
import { MaskingSession } from '../../masking/engine/masking-session';
import type { MaskingService } from '../../masking/masking.service';
import { AiBudgetService } from '../../usage/ai-budget.service';
import type { AiUsageRepository } from '../../usage/ai-usage.repository';
import { AiUsageService, type UsageRecord } from '../../usage/ai-usage.service';
import { AiMetrics } from '../ai-metrics';
import { AiService } from '../ai.service';
import { ProviderRegistry } from '../provider-registry';

export const TEST_CALLER = { tenantId: '11111111-1111-4111-8111-111111111111', userId: '22222222-2222-4222-8222-222222222222' };

export interface AiHarness {
  ai: AiService;
  registry: ProviderRegistry;
  metrics: MetricsRegistry;
  /** The usage rows the calls wrote, in order. */
  rows: UsageRecord[];
}

/**
 * AiService wired as the module wires it, from an environment, with the usage rows kept in memory
 * instead of PostgreSQL (the end-to-end tests cover the table). Everything between the service and the
 * protocol servers is real: SDK clients, HTTP, retries, circuits. `masking` is the tenant's policy (none: no masking).
 */
export function aiHarness(env: Record<string, string>, masking?: MaskingPolicy): AiHarness {
  const config = AppConfig.fromEnv({ NODE_ENV: 'test', ...env });
  const rows: UsageRecord[] = [];
  const repository = {
    append: (row: UsageRecord) => {
      rows.push(row);
      return Promise.resolve();
    },
    spentSince: (tenantId: string, since: Date) =>
      Promise.resolve(rows.filter((row) => row.tenantId === tenantId && since <= new Date()).reduce((sum, row) => sum + row.costUsd, 0)),
  } as unknown as AiUsageRepository;
  const registry = new ProviderRegistry(config);
  const metrics = new MetricsRegistry();
  const ai = new AiService(
    config,
    registry,
    new AiUsageService(repository),
    new AiBudgetService(config, repository),
    new AiMetrics(metrics, registry),
    // Without a policy the harness sends text as it is, so tests of the chain see exactly the prompts they wrote.
    {
      rules: () => Promise.resolve(masking ? compilePolicy(masking) : []),
      session: () => Promise.resolve(new MaskingSession(masking ? compilePolicy(masking) : [])),
    } as unknown as MaskingService,
  );
  return { ai, registry, metrics, rows };
}
