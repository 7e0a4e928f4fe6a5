import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Transactions } from '../database/transactions';
import { ErrorReporter } from '../observability/error-reporter';
import type { DomainEventOf, DomainEventType } from './domain-event';
import { ANY_DOMAIN_EVENT } from './on-domain-event.decorator';

/**
 * Publishes domain events in-process, after the surrounding transaction
 * commits (at once outside a transaction; never for one that rolls back):
 * listeners (realtime, caches) must never announce a change that was rolled
 * back, and callers need not remember to publish after their commit. The
 * one way to publish: nothing else emits on the event bus (listeners use
 * OnDomainEvent).
 *
 * A failing listener is logged and reported (ErrorReporter) and does not fail
 * the request whose change already committed, nor stop the other listeners.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly transactions: Transactions,
    private readonly reporter: ErrorReporter,
  ) {}

  async publish(...events: DomainEventOf<DomainEventType>[]): Promise<void> {
    if (!events.length) return;
    await this.transactions.afterCommit(() => this.emit(events));
  }

  private async emit(events: DomainEventOf<DomainEventType>[]): Promise<void> {
    for (const event of events) {
      // The event's own listeners (caches, sessions) before those of every event (realtime), as before a client hears of it.
      await this.deliver(event.type, event);
      await this.deliver(ANY_DOMAIN_EVENT, event);
    }
  }

  /**
   * Each listener on its own rather than through emitAsync, whose Promise.all
   * would surface only the first failure and hide the others.
   */
  private async deliver(name: string, event: DomainEventOf<DomainEventType>): Promise<void> {
    await Promise.all(
      this.emitter.listeners(name).map(async (listener) => {
        try {
          const done: unknown = listener(event);
          await done;
        } catch (error) {
          this.logger.error({ err: error, eventType: event.type, eventId: event.eventId }, 'a domain event listener failed');
          this.reporter.captureListenerFailure(error, event);
        }
      }),
    );
  }
}
