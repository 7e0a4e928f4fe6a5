import { Injectable } from '@nestjs/common';
import { type AiProviderName, AppConfig, type RemoteProviderName } from '@quorum/platform';
import { AnthropicProvider } from './adapters/anthropic.provider';
import { GeminiProvider } from './adapters/gemini.provider';
import { LocalProvider } from './adapters/local.provider';
import { OllamaProvider } from './adapters/ollama.provider';
import { OpenAiProvider } from './adapters/openai.provider';
import type { AiProvider } from './capabilities/ai-provider';
import { CircuitBreaker } from './resilience/circuit-breaker';
import type { FailureKind } from './resilience/provider-call.error';

/** What the last calls to a provider showed: the passive health GET /ai/providers reports (probing would cost money). */
export interface ProviderHealthRecord {
  lastSuccessAt?: Date;
  lastFailureAt?: Date;
  lastFailure?: FailureKind;
}

const FACTORIES: Record<RemoteProviderName, (settings: AppConfig['ai']['providers'][RemoteProviderName] & object) => AiProvider> = {
  openai: (settings) => new OpenAiProvider(settings),
  anthropic: (settings) => new AnthropicProvider(settings),
  gemini: (settings) => new GeminiProvider(settings),
  ollama: (settings) => new OllamaProvider(settings),
};

/**
 * The configured providers, each built once with its SDK client, with its circuit breaker and health
 * record. Building a client opens no connection; the first call does.
 */
@Injectable()
export class ProviderRegistry {
  private readonly providers = new Map<AiProviderName, AiProvider>();
  private readonly breakers = new Map<RemoteProviderName, CircuitBreaker>();
  private readonly health = new Map<AiProviderName, ProviderHealthRecord>();

  constructor(config: AppConfig) {
    this.providers.set('local', new LocalProvider());
    for (const [name, settings] of Object.entries(config.ai.providers) as [RemoteProviderName, object][]) {
      this.providers.set(name, FACTORIES[name](settings));
      this.breakers.set(name, new CircuitBreaker({ failureThreshold: config.ai.circuitFailureThreshold, openMs: config.ai.circuitOpenMs }));
    }
  }

  /** The provider, if configured (`local` always is). */
  get(name: AiProviderName): AiProvider | undefined {
    return this.providers.get(name);
  }

  /** The remote providers that are configured, in a stable order. */
  remoteNames(): RemoteProviderName[] {
    return [...this.breakers.keys()];
  }

  breaker(name: AiProviderName): CircuitBreaker | undefined {
    return name === 'local' ? undefined : this.breakers.get(name);
  }

  healthOf(name: AiProviderName): ProviderHealthRecord {
    return this.health.get(name) ?? {};
  }

  noteSuccess(name: AiProviderName): void {
    this.health.set(name, { ...this.healthOf(name), lastSuccessAt: new Date() });
  }

  noteFailure(name: AiProviderName, kind: FailureKind): void {
    this.health.set(name, { ...this.healthOf(name), lastFailureAt: new Date(), lastFailure: kind });
  }
}
