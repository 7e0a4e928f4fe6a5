import { ProblemException } from '@quorum/platform';
import { MEETING_TRANSITIONS, type MeetingStatus } from './entities/meeting-status';
import type { Meeting } from './entities/meeting.entity';

/** What a status move reads and writes. */
export type MeetingTimeline = Pick<Meeting, 'status' | 'startedAt' | 'endedAt'>;

/**
 * Moves a meeting to `next` as MEETING_TRANSITIONS allows, stamping the times
 * the move implies with `now`: going live stamps startedAt, completing stamps
 * startedAt and endedAt (each only when not set yet), rescheduling clears
 * both. Staying in the same status is no move. Anything else is 409
 * `invalid-transition`, naming `from`, `to` and what is `allowed`.
 */
export function applyTransition(meeting: MeetingTimeline, next: MeetingStatus, now: Date): void {
  if (next === meeting.status) return;
  const allowed = MEETING_TRANSITIONS[meeting.status];
  if (!allowed.includes(next)) {
    throw new ProblemException({
      status: 409,
      slug: 'invalid-transition',
      title: 'Invalid status change',
      detail: `A ${meeting.status} meeting cannot become ${next}${allowed.length ? `; it can become ${allowed.join(' or ')}` : '; it is final'}.`,
      extensions: { from: meeting.status, to: next, allowed },
    });
  }
  if (next === 'live') meeting.startedAt ??= now;
  if (next === 'completed') {
    meeting.startedAt ??= now;
    meeting.endedAt ??= now;
  }
  if (next === 'scheduled') {
    meeting.startedAt = null;
    meeting.endedAt = null;
  }
  meeting.status = next;
}
