import { Module } from '@nestjs/common';
import { AnalysisController } from './analysis/analysis.controller';
import { AnalysisModule } from './analysis/analysis.module';
import { AiProvidersController } from './providers/ai-providers.controller';
import { AiProvidersModule } from './providers/ai-providers.module';
import { AiUsageController } from './usage/ai-usage.controller';

/**
 * The AI module's routes: providers and usage, and meeting analysis. The api imports this; the worker
 * imports AnalysisModule alone, to run analysis jobs without serving these routes.
 */
@Module({
  imports: [AiProvidersModule, AnalysisModule],
  controllers: [AiProvidersController, AiUsageController, AnalysisController],
})
export class AiHttpModule {}
