import { Injectable, Logger } from '@nestjs/common';
import { AnalysisEvents } from '@quorum/ai';
import { MeetingEvents } from '@quorum/meetings';
import { AppConfig, DebounceWindows, type DomainEvent, OnDomainEvent, type Principal, RequestContext } from '@quorum/platform';
import { IngestionQueue } from './ingestion.queue';

/**
 * Keeps meetings' passages current: a transcript appended or replaced, a meeting updated (its title
 * is searched) or completed, an analysis stored, each queue the meeting's indexing. The job's key is
 * the meeting and a window of RAG_INDEX_DEBOUNCE_MS (10 s), and it runs at the window's end, so a live
 * meeting's stream of appends is indexed about every 10 s, once each time, with everything said by then.
 * Not awaited, so neither the change's answer nor its relay to sockets waits for the queue.
 */
@Injectable()
export class MeetingIndexingListener {
  private readonly logger = new Logger('Rag');
  private readonly windows: DebounceWindows;

  constructor(
    config: AppConfig,
    private readonly queue: IngestionQueue,
  ) {
    this.windows = new DebounceWindows(config.ragDebounce.indexMs);
  }

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
    const slot = this.windows.claim(meetingId);
    if (!slot) return;
    this.queue
      .enqueue(
        { kind: 'meeting', meetingId },
        {
          key: ['meeting', meetingId, slot.window],
          delayMs: slot.delayMs,
          as,
          orLater: true,
        },
      )
      .catch((error: Error) => {
        this.windows.release(meetingId);
        this.logger.warn({ err: error, meetingId }, 'could not queue the meeting for indexing');
      });
  }
}

/** The job works for whoever made the change, in the change's tenant. */
function principalOf(event: DomainEvent): Principal | null {
  const current = RequestContext.principal();
  if (current?.tenantId === event.tenantId) return current;
  return event.actorUserId ? { tenantId: event.tenantId, userId: event.actorUserId, role: 'member', sessionId: 'rag-indexing' } : null;
}
