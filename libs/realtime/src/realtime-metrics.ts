import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@quorum/platform';
import type { Counter } from 'prom-client';
import { RealtimeClientEvents } from './realtime-client-events';
import { CLIENT_EVENT_NAMES } from './realtime-contract';
import { RealtimeNamespace } from './realtime-namespace';

/** The one `event` label of every client event outside the contract, so made-up names cannot create series. */
export const OTHER_EVENT = 'other';

/**
 * Socket.IO metrics. Every label value is bounded: events in are the
 * contract's client event names, the registered ones (RealtimeClientEvents) or `other`; events out are domain event
 * types (from the typed DomainEventMap) and the control events.
 */
@Injectable()
export class RealtimeMetrics {
  private readonly received: Counter<'event'>;
  private readonly sent: Counter<'event'>;

  constructor(
    metrics: MetricsRegistry,
    namespace: RealtimeNamespace,
    private readonly clientEvents: RealtimeClientEvents,
  ) {
    metrics.gauge('quorum_socketio_connected_sockets', 'Socket.IO sockets connected to this instance (namespace /realtime).', {
      collect(gauge) {
        gauge.set(namespace.current?.sockets.size ?? 0);
      },
    });
    this.received = metrics.counter('quorum_socketio_events_received_total', 'Socket.IO events received from clients, by event name.', [
      'event',
    ]);
    this.sent = metrics.counter(
      'quorum_socketio_events_sent_total',
      'Socket.IO events sent by this instance, by event name (one count per emit, not per socket).',
      ['event'],
    );
  }

  eventReceived(event: unknown): void {
    const known = typeof event === 'string' && (CLIENT_EVENT_NAMES.includes(event) || this.clientEvents.has(event));
    this.received.inc({ event: known ? event : OTHER_EVENT });
  }

  /** `event` is a domain event type or a control event: names from the code, never from a client. */
  eventSent(event: string): void {
    this.sent.inc({ event });
  }
}
