import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { io, type Socket } from 'socket.io-client';

/** The /realtime namespace URL of an api listening on `port` (or of a Node server that listens). */
export function realtimeUrl(target: number | Server): string {
  const port = typeof target === 'number' ? target : (target.address() as AddressInfo).port;
  return `http://127.0.0.1:${port}/realtime`;
}

export interface SocketOptions {
  /** Sent as `auth.token`; omitted when undefined. */
  token?: unknown;
  headers?: Record<string, string>;
  /** Reconnect (quickly) after a dropped transport, as browsers do by default; off unless a test is about reconnecting. */
  reconnection?: boolean;
}

export interface Received {
  event: string;
  payload: any;
}

/**
 * A socket.io client as an application would use it (WebSocket only), that
 * records every event it receives so a test can wait for one that may
 * already have arrived, or check that one never did.
 */
export class RealtimeClient {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];
  private disconnectReason?: string;

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      this.notify();
    });
    socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
      this.notify();
    });
  }

  /** Payloads of `event` received so far. */
  events(event: string): any[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload);
  }

  waitFor(event: string, matches: (payload: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
    return this.until(() => this.events(event).find(matches), `event ${event}`, timeoutMs);
  }

  /** Resolves with the disconnect reason. */
  disconnected(timeoutMs = 5000): Promise<string> {
    return this.until(() => this.disconnectReason, 'disconnect', timeoutMs);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Emits and resolves with the server's ack. */
  ack(event: string, payload?: unknown, timeoutMs = 5000): Promise<any> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload);
  }

  close(): void {
    this.socket.disconnect();
  }

  private until<T>(found: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value === undefined) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(value);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms; received: ${JSON.stringify(this.received.map((r) => r.event))}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function open(url: string, { token, headers, reconnection = false }: SocketOptions): Socket {
  return io(url, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    extraHeaders: headers,
    reconnection,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
    timeout: 5000,
  });
}

/** Connects, or fails with the server's refusal. */
export function connect(url: string, options: SocketOptions = {}): Promise<RealtimeClient> {
  const socket = open(url, options);
  const client = new RealtimeClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.disconnect();
      reject(Object.assign(new Error(`connect_error: ${error.message} ${JSON.stringify(error.data)}`), { data: error.data }));
    });
  });
}

/** The handshake refusal (`connect_error`) of a connection expected to fail. */
export function refusal(url: string, options: SocketOptions = {}): Promise<{ message: string; data: any }> {
  const socket = open(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('the server accepted a connection it should have refused'));
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.disconnect();
      resolve({ message: error.message, data: error.data });
    });
  });
}
