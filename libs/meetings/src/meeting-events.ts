import type { AppendedSegmentsDto } from './dto/append-segments.dto';
import type { MeetingDto } from './dto/meeting.dto';

/** Domain event types this module publishes (after commit), for realtime and caches. */
export const MeetingEvents = {
  created: 'meeting.created',
  updated: 'meeting.updated',
  /** Also sent (after meeting.updated) when a meeting moves to completed: the cue for work on finished meetings. */
  completed: 'meeting.completed',
  deleted: 'meeting.deleted',
  transcriptAppended: 'transcript.appended',
  transcriptReplaced: 'transcript.replaced',
} as const;

/** A whole transcript replaced by a file import: how many segments it now has, not the segments themselves. */
export interface TranscriptReplacedData {
  meetingId: string;
  revision: number;
  count: number;
}

declare module '@quorum/platform' {
  interface DomainEventMap {
    'meeting.created': MeetingDto;
    'meeting.updated': MeetingDto;
    'meeting.completed': MeetingDto;
    'meeting.deleted': { id: string };
    'transcript.appended': AppendedSegmentsDto;
    'transcript.replaced': TranscriptReplacedData;
  }
}
