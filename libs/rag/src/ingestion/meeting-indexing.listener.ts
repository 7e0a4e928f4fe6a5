import { Injectable, Logger } from '@nestjs/common';
import { AnalysisEvents } from '@quorum/ai';
import { MeetingEvents } from '@quorum/meetings';
import { type DomainEvent, OnDomainEvent, type Principal, RequestContext } from '@quorum/platform';
import { IngestionQueue } from './ingestion.queue';

/** Changes to a meeting within this many milliseconds make one indexing job. */
export const MEETING_INDEX_DEBOUNCE_MS = 10_000;

/**
 * Keeps meetings' passages current: a transcript appended or replaced, a meeting updated (its title
 * is searched) or completed, an analysis stored, each queue the meeting's indexing. The job's key is
 * the meeting and a 10-second window, and it runs at the window's end, so a live meeting's stream of
 * appends is indexed about every 10 s, once each time, with everything said by then. Not awaited, so
 * neither the change's answer nor its relay to sockets waits for the queue.
 */
@Injectable()
export class MeetingIndexingListener {
  private readonly logger = new Logger('Rag');
  /** The window each meeting was last queued for by this process: a live meeting's every append need not reach the store. */
  private readonly queued = new Map<string, number>();

  constructor(private readonly queue: IngestionQueue) {}

  @OnDomainEvent(
    MeetingEvents.transcriptAppended,
    MeetingEvents.transcriptReplaced,
    MeetingEvents.updated,
    MeetingEvents.completed,
    AnalysisEvents.completed,
  )
  onMeetingChanged(event: DomainEvent): void {
    const meetingId = event.meetingId ?? event.entityId;
    const as = principalOf(event);
    // Every change today is made by someone (a request, or a job working for its requester).
    if (!as) return this.logger.warn({ meetingId, eventType: event.type }, 'a meeting change with no actor is not indexed');
    const now = Date.now();
    const window = Math.floor(now / MEETING_INDEX_DEBOUNCE_MS);
    if (this.queued.get(meetingId) === window) return;
    this.remember(meetingId, window);
    this.queue
      .enqueue(
        { kind: 'meeting', meetingId },
        {
          key: ['meeting', meetingId, window],
          delayMs: (window + 1) * MEETING_INDEX_DEBOUNCE_MS - now,
          as,
        },
      )
      .catch((error: Error) => {
        this.queued.delete(meetingId);
        this.logger.warn({ err: error, meetingId }, 'could not queue the meeting for indexing');
      });
  }

  /** Bounded: entries of past windows are dropped once the map holds a few thousand meetings. */
  private remember(meetingId: string, window: number): void {
    if (this.queued.size >= 5000) for (const [id, seen] of this.queued) if (seen < window) this.queued.delete(id);
    this.queued.set(meetingId, window);
  }
}

/** The job works for whoever made the change, in the change's tenant. */
function principalOf(event: DomainEvent): Principal | null {
  const current = RequestContext.principal();
  if (current?.tenantId === event.tenantId) return current;
  return event.actorUserId ? { tenantId: event.tenantId, userId: event.actorUserId, role: 'member', sessionId: 'rag-indexing' } : null;
}
