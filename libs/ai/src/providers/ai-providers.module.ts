import { Module } from '@nestjs/common';
import { TenantRepositoryModule } from '@quorum/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MaskingModule } from '../masking/masking.module';
import { AiBudgetService } from '../usage/ai-budget.service';
import { AiUsage } from '../usage/ai-usage.entity';
import { AiUsageRepository } from '../usage/ai-usage.repository';
import { AiUsageService } from '../usage/ai-usage.service';
import { AiMetrics } from './ai-metrics';
import { AiProvidersService } from './ai-providers.service';
import { AiService } from './ai.service';
import { ProviderRegistry } from './provider-registry';

/**
 * AI providers (OpenAI, Anthropic, Gemini, Ollama, local) behind one service, AiService, with per-task
 * chains, retries, circuits, budgets and usage rows; no routes (AiHttpModule serves GET /ai/providers
 * and GET /ai/usage), so the worker can call providers without serving the api. See docs/ai.md.
 */
@Module({
  imports: [
    MaskingModule,
    TypeOrmModule.forFeature([AiUsage]),
    TenantRepositoryModule.forFeature([{ entity: AiUsage, resourceName: 'AI usage' }]),
  ],
  providers: [ProviderRegistry, AiMetrics, AiService, AiProvidersService, AiUsageService, AiUsageRepository, AiBudgetService],
  exports: [AiService, AiProvidersService, AiUsageService],
})
export class AiProvidersModule {}
