import { Injectable, Logger } from '@nestjs/common';
import { ActionItemEvents } from '@quorum/action-items';
import { AnalysisEvents } from '@quorum/ai';
import { MeetingEvents } from '@quorum/meetings';
import { type DomainEvent, OnDomainEvent } from '@quorum/platform';
import { WebhooksService } from './webhooks.service';

/**
 * Forwards the domain events webhooks may subscribe to (WEBHOOK_EVENT_TYPES) to the tenant's
 * webhooks, after their commit, in whichever process published them. The event id is the message
 * id, so an event delivered to this listener twice is still sent once. Not awaited, so neither the
 * change's answer nor its relay to sockets waits for the queue.
 */
@Injectable()
export class WebhookEventsListener {
  private readonly logger = new Logger('Webhooks');

  constructor(private readonly webhooks: WebhooksService) {}

  @OnDomainEvent(
    MeetingEvents.created,
    MeetingEvents.updated,
    MeetingEvents.completed,
    MeetingEvents.deleted,
    ActionItemEvents.created,
    ActionItemEvents.updated,
    ActionItemEvents.deleted,
    AnalysisEvents.completed,
  )
  onEvent(event: DomainEvent): void {
    this.webhooks
      .dispatch(event.tenantId, event.type, event.data, { messageId: `msg_${event.eventId}`, occurredAt: event.occurredAt })
      .catch((error: Error) =>
        this.logger.warn({ err: error, eventType: event.type, eventId: event.eventId }, 'could not queue webhook messages'),
      );
  }
}
