import { Module } from '@nestjs/common';
import { AnalysisController } from './analysis/analysis.controller';
import { AnalysisModule } from './analysis/analysis.module';
import { MaskingController } from './masking/masking.controller';
import { MaskingModule } from './masking/masking.module';
import { AiProvidersController } from './providers/ai-providers.controller';
import { AiProvidersModule } from './providers/ai-providers.module';
import { RecordingsController } from './transcription/recordings.controller';
import { TranscriptionModule } from './transcription/transcription.module';
import { AiUsageController } from './usage/ai-usage.controller';

/**
 * The AI module's routes: providers and usage, meeting analysis, recordings and PII masking rules. The api imports this;
 * the worker imports AnalysisModule and TranscriptionModule alone, to run their jobs without serving these routes.
 */
@Module({
  imports: [AiProvidersModule, AnalysisModule, TranscriptionModule, MaskingModule],
  controllers: [AiProvidersController, AiUsageController, AnalysisController, RecordingsController, MaskingController],
})
export class AiHttpModule {}
