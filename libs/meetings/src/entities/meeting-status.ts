export const MEETING_STATUSES = ['scheduled', 'live', 'completed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/**
 * The moves a meeting may make. A completed meeting is final; a cancelled one
 * may be rescheduled. Anything else is a 409, so clients cannot, say, restart
 * a finished meeting by accident.
 */
export const MEETING_TRANSITIONS: Record<MeetingStatus, readonly MeetingStatus[]> = {
  scheduled: ['live', 'completed', 'cancelled'],
  live: ['completed', 'cancelled'],
  completed: [],
  cancelled: ['scheduled'],
};
