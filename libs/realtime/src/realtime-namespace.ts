import { Injectable } from '@nestjs/common';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import type { Principal } from '@quorum/platform';
import { ControlEvents, Rooms } from './realtime-contract';

/** What the gateway keeps on each socket once its handshake is verified. */
export interface SocketData {
  principal: Principal;
  ip?: string;
}

export type RealtimeSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

/**
 * The /realtime namespace, shared by the gateway (which receives it when
 * Nest creates it) and the providers that emit to it outside a client event.
 */
@Injectable()
export class RealtimeNamespace {
  private namespace?: Namespace;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /** Undefined before Nest created the server (events before app.init() reach nobody anyway). */
  get current(): Namespace | undefined {
    return this.namespace;
  }

  /** Sockets connected to this instance; the periodic session check only judges its own. */
  localSockets(): RealtimeSocket[] {
    return this.namespace ? ([...this.namespace.sockets.values()] as unknown as RealtimeSocket[]) : [];
  }

  /**
   * Tells the session's sockets why, then disconnects them, on every
   * instance (through the Redis adapter when there is one).
   */
  endSession(sessionId: string, problem: object): void {
    const room = Rooms.session(sessionId);
    this.namespace?.to(room).emit(ControlEvents.sessionEnded, problem);
    this.namespace?.in(room).disconnectSockets(true);
  }
}
