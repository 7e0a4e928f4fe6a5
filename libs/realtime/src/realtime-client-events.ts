import { Injectable } from '@nestjs/common';
import type { Principal } from '@quorum/platform';
import { CLIENT_EVENT_NAMES } from './realtime-contract';

/** What a registered handler gets besides its payload. */
export interface ClientEventContext {
  /** The connection's id: unique among the sockets connected now, and a new one after a reconnection. */
  socketId: string;
  /** Who is connected, as verified at the handshake (the handler also runs inside RequestContext with it). */
  principal: Principal;
  /** Sends an event to this socket only; a no-op once it has disconnected. Name events from code, never from a client. */
  emit(event: string, payload: unknown): void;
  /** Aborted when the socket disconnects: work that outlives the ack (streams) stops with it. */
  signal: AbortSignal;
}

/** The body of an ok ack (`{ok: true}` is added by the gateway); a thrown error becomes `{ok: false, error}` with its problem. */
export type ClientEventHandler<T extends object> = (context: ClientEventContext, payload: T) => Promise<object>;

export interface RegisteredClientEvent<T extends object = object> {
  event: string;
  /** The payload's DTO class, validated exactly as a REST body (the same pipe, the same `errors`). */
  payload: new () => T;
  handle: ClientEventHandler<T>;
}

/** `family.action`, lower case: the shape of every client event name. */
const EVENT_NAME = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

/**
 * Client events added by other modules, so a module above realtime in the library graph (rag's chat, for
 * one) can serve Socket.IO clients without realtime importing it. A module registers its events when it
 * initialises (`onModuleInit`); the gateway then screens them like its own (rate and byte limits, payload
 * screening, a live session), validates the payload with the DTO class, runs the handler inside the socket's
 * RequestContext and answers through the ack. Sockets pick the registered events up when they connect.
 */
@Injectable()
export class RealtimeClientEvents {
  private readonly handlers = new Map<string, RegisteredClientEvent>();

  register<T extends object>(event: string, payload: new () => T, handle: ClientEventHandler<T>): void {
    if (!EVENT_NAME.test(event)) throw new Error(`realtime: client event name ${JSON.stringify(event)} is not of the form family.action`);
    if (CLIENT_EVENT_NAMES.includes(event) || this.handlers.has(event)) throw new Error(`realtime: client event ${event} is already taken`);
    // The gateway hands `handle` only what `payload` validated into.
    this.handlers.set(event, { event, payload, handle: (context, body) => handle(context, body as T) });
  }

  get(event: string): RegisteredClientEvent | undefined {
    return this.handlers.get(event);
  }

  has(event: string): boolean {
    return this.handlers.has(event);
  }

  /** The registered events, in registration order. */
  all(): RegisteredClientEvent[] {
    return [...this.handlers.values()];
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}
