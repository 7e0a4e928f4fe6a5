import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { Meeting } from './entities/meeting.entity';
import { TranscriptSegment } from './entities/transcript-segment.entity';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';
import { TranscriptSegmentsRepository } from './transcripts/transcript-segments.repository';
import { ExportMaskerRegistry } from './transcripts/export-masker.registry';
import { MinutesActionItemsRegistry } from './transcripts/minutes-action-items.registry';
import { MinutesAnalysisRegistry } from './transcripts/minutes-analysis.registry';
import { TranscriptService } from './transcripts/transcript.service';

/**
 * Meetings and their transcripts: the services and repositories, no routes (MeetingsHttpModule
 * adds them), so the worker can use them without serving them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Meeting, TranscriptSegment]),
    TenantRepositoryModule.forFeature([
      { entity: Meeting, resourceName: 'Meeting' },
      { entity: TranscriptSegment, resourceName: 'Transcript segment' },
    ]),
    TenantsModule,
  ],
  providers: [
    MeetingsService,
    TranscriptService,
    MeetingsRepository,
    TranscriptSegmentsRepository,
    MinutesAnalysisRegistry,
    MinutesActionItemsRegistry,
    ExportMaskerRegistry,
  ],
  exports: [MeetingsService, TranscriptService, MinutesAnalysisRegistry, MinutesActionItemsRegistry, ExportMaskerRegistry],
})
export class MeetingsModule {}
