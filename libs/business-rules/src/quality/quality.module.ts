import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionItemsModule } from '@quorum/action-items';
import { AnalysisModule } from '@quorum/ai';
import { MeetingsModule } from '@quorum/meetings';
import { JobsModule } from '@quorum/platform';
import { MeetingQuality } from './entities/meeting-quality.entity';
import { MeetingQualityRepository } from './meeting-quality.repository';
import { QualityListener } from './quality.listener';
import { QualityProcessor } from './quality.processor';
import { QualityQueue } from './quality.queue';
import { QualityService } from './quality.service';

/** Data-quality scores of meetings: the job that keeps them current and the service that reads them (docs/quality.md). */
@Module({
  imports: [
    TypeOrmModule.forFeature([MeetingQuality]),
    JobsModule.forFeature({ queues: [QualityQueue] }),
    MeetingsModule,
    ActionItemsModule,
    AnalysisModule,
  ],
  providers: [MeetingQualityRepository, QualityService, QualityProcessor, QualityListener],
  exports: [QualityService],
})
export class QualityModule {}
