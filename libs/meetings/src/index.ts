export * from './dto/meeting.dto';
export * from './entities/meeting-status';
export * from './meeting-events';
export * from './meetings.module';
export * from './meetings.service';
export * from './dto/append-segments.dto';
export * from './dto/segment.dto';
export * from './transcripts/transcript.service';
