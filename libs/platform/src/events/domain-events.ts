import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Transactions } from '../database/transactions';
import type { DomainEventOf, DomainEventType } from './domain-event';
import { ANY_DOMAIN_EVENT } from './on-domain-event.decorator';

/**
 * Publishes domain events in-process, after the surrounding transaction
 * commits (at once outside a transaction; never for one that rolls back):
 * listeners (realtime, caches) must never announce a change that was rolled
 * back, and callers need not remember to publish after their commit. A
 * failing listener is logged and does not fail the request whose change
 * already committed. The one way to publish: nothing else emits on the
 * event bus (listeners use OnDomainEvent).
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly transactions: Transactions,
  ) {}

  async publish(...events: DomainEventOf<DomainEventType>[]): Promise<void> {
    if (!events.length) return;
    await this.transactions.afterCommit(() => this.emit(events));
  }

  private async emit(events: DomainEventOf<DomainEventType>[]): Promise<void> {
    for (const event of events) {
      try {
        await this.emitter.emitAsync(event.type, event);
        await this.emitter.emitAsync(ANY_DOMAIN_EVENT, event);
      } catch (error) {
        this.logger.error({ err: error, eventType: event.type, eventId: event.eventId }, 'a domain event listener failed');
      }
    }
  }
}
