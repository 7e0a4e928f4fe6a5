import { unprocessable } from '@quorum/platform';
import type { Meeting } from './entities/meeting.entity';

/** The times of a meeting that must be in order. */
export type MeetingTimes = Pick<Meeting, 'scheduledStartAt' | 'scheduledEndAt' | 'startedAt' | 'endedAt'>;

/** An end before its start is 422 `unprocessable-content` naming the end; an end equal to its start, or a missing one, is fine. */
export function assertTimes(meeting: MeetingTimes): void {
  if (meeting.scheduledStartAt && meeting.scheduledEndAt && meeting.scheduledEndAt < meeting.scheduledStartAt)
    throw unprocessable('scheduledEndAt', 'scheduledEndAt must not be before scheduledStartAt');
  if (meeting.startedAt && meeting.endedAt && meeting.endedAt < meeting.startedAt)
    throw unprocessable('endedAt', 'endedAt must not be before startedAt');
}
