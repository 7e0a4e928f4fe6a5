import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AI_PROVIDERS,
  AI_TASKS,
  type AiProviderName,
  AppConfig,
  aiTaskVariable,
  PROVIDER_CAPABILITIES,
  RequestContext,
  TASK_CAPABILITY,
} from '@quorum/platform';
import { AiBudgetService } from '../usage/ai-budget.service';
import { type ProviderStatusDto, type ProvidersOverviewDto } from './dto/providers-overview.dto';
import { OFFLINE_MODELS, shownChain } from './offline-models';
import { ProviderRegistry } from './provider-registry';

/** What is configured per task, and how each provider is doing: GET /ai/providers, and the start-up log line. */
@Injectable()
export class AiProvidersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AI');

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ProviderRegistry,
    private readonly budget: AiBudgetService,
  ) {}

  /** Once per process, so an operator sees what the AI will use (and when that is only `local`) without asking. */
  onApplicationBootstrap(): void {
    const chains = Object.fromEntries(
      AI_TASKS.map((task) => [
        task,
        shownChain(task, this.config.ai.chains[task])
          .map((ref) => `${ref.provider}:${ref.model}`)
          .join(' > '),
      ]),
    );
    if (this.registry.remoteNames().length === 0) {
      this.logger.log(
        { chains },
        'No AI provider key is configured: every AI task uses the offline `local` provider (set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or OLLAMA_BASE_URL to add one; see docs/ai.md)',
      );
    } else {
      this.logger.log({ chains, providers: this.registry.remoteNames() }, 'AI providers configured');
    }
  }

  async overview(): Promise<ProvidersOverviewDto> {
    const status = await this.budget.status(RequestContext.tenantId());
    return {
      tasks: AI_TASKS.map((task) => {
        const chain = shownChain(task, this.config.ai.chains[task]);
        const capability = TASK_CAPABILITY[task];
        return {
          task,
          capability,
          variable: aiTaskVariable(task),
          chain,
          available: OFFLINE_MODELS[task] !== null || chain.some((ref) => PROVIDER_CAPABILITIES[ref.provider].includes(capability)),
        };
      }),
      providers: AI_PROVIDERS.map((name) => this.providerStatus(name)),
      budget: {
        monthlyLimitUsd: status?.limitUsd ?? null,
        exceeded: status?.exceeded ?? false,
        resetsAt: status?.resetsAt ?? null,
      },
      timeoutMs: this.config.ai.timeoutMs,
      maxAttempts: this.config.ai.maxAttempts,
    };
  }

  private providerStatus(name: AiProviderName): ProviderStatusDto {
    const configured = name === 'local' || this.registry.get(name) !== undefined;
    const breaker = this.registry.breaker(name);
    const health = this.registry.healthOf(name);
    const circuit = breaker?.state ?? 'closed';
    const settings = name === 'local' ? undefined : this.config.ai.providers[name];
    const lastFailedMoreRecently = !!health.lastFailureAt && (!health.lastSuccessAt || health.lastFailureAt > health.lastSuccessAt);
    return {
      name,
      configured,
      capabilities: [...PROVIDER_CAPABILITIES[name]],
      customEndpoint: name !== 'ollama' && !!settings?.baseUrl,
      health:
        name === 'local'
          ? 'ok'
          : circuit === 'open'
            ? 'down'
            : circuit === 'half-open' || lastFailedMoreRecently
              ? 'degraded'
              : health.lastSuccessAt
                ? 'ok'
                : 'unknown',
      circuit,
      consecutiveFailures: breaker?.consecutiveFailures ?? 0,
      circuitRetryAt: breaker?.retryAt !== undefined ? new Date(breaker.retryAt) : null,
      lastSuccessAt: health.lastSuccessAt ?? null,
      lastFailureAt: health.lastFailureAt ?? null,
      lastFailure: health.lastFailure ?? null,
    };
  }
}
