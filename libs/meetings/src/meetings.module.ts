import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { Meeting } from './entities/meeting.entity';
import { TranscriptSegment } from './entities/transcript-segment.entity';
import { MeetingsController } from './meetings.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';
import { SegmentsController } from './transcripts/segments.controller';
import { TranscriptFileController } from './transcripts/transcript-file.controller';
import { TranscriptSegmentsRepository } from './transcripts/transcript-segments.repository';
import { TranscriptService } from './transcripts/transcript.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Meeting, TranscriptSegment]),
    TenantRepositoryModule.forFeature([
      { entity: Meeting, resourceName: 'Meeting' },
      { entity: TranscriptSegment, resourceName: 'Transcript segment' },
    ]),
    TenantsModule,
  ],
  controllers: [MeetingsController, SegmentsController, TranscriptFileController],
  providers: [MeetingsService, TranscriptService, MeetingsRepository, TranscriptSegmentsRepository],
  exports: [MeetingsService, TranscriptService],
})
export class MeetingsModule {}
