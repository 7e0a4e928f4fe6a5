import { Module } from '@nestjs/common';
import { MeetingsController } from './meetings.controller';
import { SegmentsController } from './transcripts/segments.controller';
import { TranscriptFileController } from './transcripts/transcript-file.controller';
import { MeetingsModule } from './meetings.module';

/**
 * The HTTP routes of meetings and their transcripts, over MeetingsModule's services.
 * The api imports this; the worker imports MeetingsModule alone, so it
 * serves none of these routes.
 */
@Module({ imports: [MeetingsModule], controllers: [MeetingsController, SegmentsController, TranscriptFileController] })
export class MeetingsHttpModule {}
