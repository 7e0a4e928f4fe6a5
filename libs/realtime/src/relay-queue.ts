import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';

/** One write to the sockets; `what` names it in the log should it fail. */
interface Relay {
  what: string;
  send: () => void;
  /** The async context of whoever queued it. */
  scope: AsyncResource;
}

/**
 * The broadcaster's writes to sockets, run in the order they were queued, as
 * soon as the current tick is done. Domain events are published from an
 * after-commit hook that the request awaits, and a broadcast to a room runs
 * synchronously (Socket.IO encodes the packet once, then writes a frame to
 * every socket, or publishes it to Redis): run inline, a room of 1,000
 * sockets would hold the answer to whoever made the change. Deferred with
 * setImmediate, the answer, which the rest of the request writes in
 * microtasks without further I/O, leaves first and the broadcast right
 * after. One queue for every room keeps each socket's events in commit order.
 */
@Injectable()
export class RelayQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private pending: Relay[] = [];
  private scheduled?: NodeJS.Immediate;
  private closed = false;

  /** Queues `send` behind every relay queued before it; once the app is closing, runs it at once. */
  enqueue(what: string, send: () => void): void {
    // Each relay keeps the async context of whoever queued it, so its log lines carry that request's id.
    // (An AsyncResource run directly: AsyncResource.bind adds two deprecation wrappers to every bound function.)
    const relay = { what, send, scope: new AsyncResource('QuorumRelay') };
    if (this.closed) return this.run(relay);
    this.pending.push(relay);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Nest closes the Socket.IO server (and the adapter's Redis connections) after this hook: nothing queued may miss it. */
  onModuleDestroy(): void {
    this.closed = true;
    clearImmediate(this.scheduled);
    this.drain();
  }

  private drain(): void {
    this.scheduled = undefined;
    // Whatever a relay queues meanwhile waits for the next turn, behind this batch.
    const batch = this.pending;
    this.pending = [];
    for (const relay of batch) this.run(relay);
  }

  private run(relay: Relay): void {
    try {
      relay.scope.runInAsyncScope(relay.send);
    } catch (error) {
      // The change has committed and its request may have been answered: there is nobody to throw to.
      this.logger.error({ err: error, relay: relay.what }, 'a realtime relay failed');
    }
  }
}
