export * from './dto/meeting.dto';
export * from './entities/meeting-status';
export * from './meeting-events';
export * from './meetings.module';
export * from './meetings.service';
