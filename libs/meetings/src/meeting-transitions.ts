import { ProblemException } from '@quorum/platform';
import { MEETING_TRANSITIONS, type MeetingStatus } from './entities/meeting-status';
import type { Meeting } from './entities/meeting.entity';

/** What a status move reads and writes. */
export type MeetingTimeline = Pick<Meeting, 'status' | 'startedAt' | 'endedAt' | 'scheduledStartAt' | 'scheduledEndAt'>;

/**
 * Moves a meeting to `next` as MEETING_TRANSITIONS allows, stamping the times
 * the move implies (each only when not set yet): going live stamps startedAt
 * with `now`; completing stamps endedAt with `now`, and a meeting completed
 * without going live (a recording imported afterwards) is taken to have been
 * held in its scheduled slot where that slot has begun, since `now` would
 * date it, and everything said in it ("tomorrow"), by the import rather than
 * the meeting. Rescheduling clears both. Staying in the same status is no
 * move. Anything else is 409 `invalid-transition`, naming `from`, `to` and
 * what is `allowed`.
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
    const heldAsScheduled = meeting.status === 'scheduled';
    meeting.startedAt ??= heldAsScheduled ? (passed(meeting.scheduledStartAt, now) ?? now) : now;
    const scheduledEnd = heldAsScheduled ? passed(meeting.scheduledEndAt, now) : null;
    meeting.endedAt ??= scheduledEnd && scheduledEnd >= meeting.startedAt ? scheduledEnd : now;
  }
  if (next === 'scheduled') {
    meeting.startedAt = null;
    meeting.endedAt = null;
  }
  meeting.status = next;
}

/** The time if it is not after `now`, else null. */
function passed(time: Date | null, now: Date): Date | null {
  return time && time <= now ? time : null;
}
