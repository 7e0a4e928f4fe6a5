import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '@quorum/meetings';
import { JobsModule, TenantRepositoryModule } from '@quorum/platform';
import { AnalysisModule } from '../analysis/analysis.module';
import { AiProvidersModule } from '../providers/ai-providers.module';
import { RecordingChunk } from './entities/recording-chunk.entity';
import { Recording } from './entities/recording.entity';
import { RecordingsRepository } from './recordings.repository';
import { RecordingsService } from './recordings.service';
import { TranscriptionProcessor } from './transcription.processor';
import { TranscriptionQueue } from './transcription.queue';

/** Recordings and their transcription: the queue, processor and services, no routes (AiHttpModule adds them). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Recording, RecordingChunk]),
    TenantRepositoryModule.forFeature([{ entity: Recording, resourceName: 'Recording' }]),
    JobsModule.forFeature({ queues: [TranscriptionQueue] }),
    AiProvidersModule,
    AnalysisModule,
    MeetingsModule,
  ],
  providers: [RecordingsRepository, RecordingsService, TranscriptionProcessor],
  exports: [RecordingsService],
})
export class TranscriptionModule {}
