import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionItemsModule } from '@quorum/action-items';
import { MeetingsModule } from '@quorum/meetings';
import { JobsModule, TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { AiProvidersModule } from '../providers/ai-providers.module';
import { AnalysisProcessor } from './analysis.processor';
import { AnalysisQueue } from './analysis.queue';
import { AnalysisService } from './analysis.service';
import { MeetingAnalysis } from './entities/meeting-analysis.entity';
import { MeetingAnalysesRepository } from './meeting-analyses.repository';
import { MeetingAnalyzer } from './meeting-analyzer';

/**
 * Meeting analysis: the queue and its processor, the analyses table, and the use cases, without
 * routes (AiHttpModule adds them), so the worker runs analyses without serving the api.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([MeetingAnalysis]),
    TenantRepositoryModule.forFeature([{ entity: MeetingAnalysis, resourceName: 'Meeting analysis' }]),
    JobsModule.forFeature({ queues: [AnalysisQueue] }),
    AiProvidersModule,
    MeetingsModule,
    ActionItemsModule,
    TenantsModule,
  ],
  providers: [MeetingAnalyzer, MeetingAnalysesRepository, AnalysisService, AnalysisProcessor],
  exports: [AnalysisService],
})
export class AnalysisModule {}
