import { Injectable, Logger } from '@nestjs/common';
import { ActionItemEvents } from '@quorum/action-items';
import { AnalysisEvents } from '@quorum/ai';
import { MeetingEvents } from '@quorum/meetings';
import { DebounceWindows, type DomainEvent, OnDomainEvent, type Principal, RequestContext } from '@quorum/platform';
import { QualityQueue } from './quality.queue';

/** Changes to a meeting within this many milliseconds make one quality job. */
export const QUALITY_DEBOUNCE_MS = 5_000;

/**
 * Keeps meetings' scores current. Every change that moves a component (transcript appended or imported,
 * an action item of the meeting created, changed or deleted, an analysis stored, the meeting created,
 * changed or completed) queues the meeting's job, keyed by the meeting and a 5-second window and run at
 * the window's end: a burst of changes makes one job, which reads everything said by then. Not awaited,
 * so neither the change's answer nor its relay to sockets waits for the queue.
 */
@Injectable()
export class QualityListener {
  private readonly logger = new Logger('Quality');
  private readonly windows = new DebounceWindows(QUALITY_DEBOUNCE_MS);

  constructor(private readonly queue: QualityQueue) {}

  @OnDomainEvent(
    MeetingEvents.created,
    MeetingEvents.updated,
    MeetingEvents.completed,
    MeetingEvents.transcriptAppended,
    MeetingEvents.transcriptReplaced,
    ActionItemEvents.created,
    ActionItemEvents.updated,
    ActionItemEvents.deleted,
    AnalysisEvents.completed,
  )
  onMeetingChanged(event: DomainEvent): void {
    const meetingId = event.meetingId ?? (event.type.startsWith('meeting.') ? event.entityId : undefined);
    // An action item of no meeting changes no meeting's score.
    if (!meetingId) return;
    const as = principalOf(event);
    if (!as) return this.logger.warn({ meetingId, eventType: event.type }, 'a meeting change with no actor is not scored');
    const slot = this.windows.claim(meetingId);
    if (!slot) return;
    this.queue
      .enqueue({ meetingId }, { key: ['meeting', meetingId, slot.window], delayMs: slot.delayMs, as, orLater: true })
      .catch((error: Error) => {
        this.windows.release(meetingId);
        this.logger.warn({ err: error, meetingId }, 'could not queue the meeting for scoring');
      });
  }
}

/** The job works for whoever made the change, in the change's tenant. */
function principalOf(event: DomainEvent): Principal | null {
  const current = RequestContext.principal();
  if (current?.tenantId === event.tenantId) return current;
  return event.actorUserId ? { tenantId: event.tenantId, userId: event.actorUserId, role: 'member', sessionId: 'quality' } : null;
}
