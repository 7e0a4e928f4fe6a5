import { Injectable, Logger } from '@nestjs/common';
import { MaskingEvents } from '@quorum/ai';
import { type DomainEventOf, OnDomainEvent, RequestContext } from '@quorum/platform';
import { IngestionQueue } from './ingestion.queue';

/**
 * Re-indexes a tenant's knowledge base when its masking rules for the index change (switched on or off, or other
 * rules while on), so passages stored under the old rules, raw ones above all, do not stay searchable. One `tenant`
 * job keyed by the change fans out to one job per source; not awaited, so the admin's PUT does not wait for the queue.
 */
@Injectable()
export class MaskingReindexListener {
  private readonly logger = new Logger('Rag');

  constructor(private readonly queue: IngestionQueue) {}

  @OnDomainEvent(MaskingEvents.indexRulesChanged)
  onIndexRulesChanged(event: DomainEventOf<typeof MaskingEvents.indexRulesChanged>): void {
    // The change is made by an admin's request, whose context the event is delivered in.
    const as = RequestContext.principal();
    if (as?.tenantId !== event.tenantId) {
      this.logger.warn({ tenantId: event.tenantId, eventType: event.type }, 'a masking change outside its request is not re-indexed');
      return;
    }
    this.queue
      .enqueue({ kind: 'tenant', generation: event.eventId }, { key: ['tenant', event.eventId], as, orLater: true })
      .catch((error: Error) => this.logger.warn({ err: error, tenantId: event.tenantId }, 'could not queue the re-index'));
  }
}
