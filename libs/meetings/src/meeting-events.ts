/** Domain event types this module publishes (after commit), for realtime and caches. */
export const MeetingEvents = {
  created: 'meeting.created',
  updated: 'meeting.updated',
  deleted: 'meeting.deleted',
  transcriptAppended: 'transcript.appended',
  transcriptReplaced: 'transcript.replaced',
} as const;
