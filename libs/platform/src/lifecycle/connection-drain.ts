import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How long a connection that is idle during the drain stays open: a request
 * the client had already sent when the drain began (or sends right after its
 * previous response) is still on the wire and gets served, with Connection:
 * close, instead of meeting a closed socket. Never longer than Node's own
 * keep-alive timeout, which would close the connection anyway.
 */
const MAX_IDLE_GRACE_MS = 1000;

interface Connection {
  socket: Socket;
  /** From the 'request' event until the response's 'close': every byte flushed to the kernel, or the client gone. */
  inFlight: Set<ServerResponse>;
  idleTimer?: NodeJS.Timeout;
}

export interface DrainOutcome {
  /** Connections still open at the deadline, which were destroyed. */
  destroyed: number;
  durationMs: number;
}

/**
 * Tracks every connection of an HTTP server so that a drain closes each one
 * only when nothing is in flight on it. Node's own server.close() cannot be
 * used: it closes "idle" connections at once, judging idle by whether the
 * response was end()ed, so a large response still buffered in the process is
 * cut mid-body, and a keep-alive connection closed just as its client sends
 * the next request turns that request into a reset.
 */
export class ConnectionDrain {
  private readonly connections = new Map<Socket, Connection>();
  private draining = false;
  private readonly idleGraceMs: number;

  /** `closing` says whether responses should ask clients to close their connection (from the moment shutdown begins). */
  constructor(
    private readonly server: Server,
    private readonly closing: () => boolean,
  ) {
    this.idleGraceMs = Math.min(MAX_IDLE_GRACE_MS, server.keepAliveTimeout || MAX_IDLE_GRACE_MS);
    server.on('connection', (socket: Socket) => this.track(socket));
    // First, before Express (or Socket.IO's polling handler) can write the headers.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
  }

  /**
   * Stops accepting connections, lets what is in flight finish, and closes
   * each connection as it goes idle. Resolves as soon as the last connection
   * is closed, or at `timeoutMs` after destroying those left.
   */
  async drain(timeoutMs: number): Promise<DrainOutcome> {
    const started = Date.now();
    this.draining = true;
    // net's close, not http's: it only stops listening, and calls back once every connection is gone.
    // (http's close would also clear Node's request-timeout checks, which should keep running while we drain;
    // app.close() calls it afterwards.)
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    for (const connection of this.connections.values()) {
      if (connection.inFlight.size === 0) this.closeWhenIdle(connection);
      for (const res of connection.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    }

    let deadline: NodeJS.Timeout | undefined;
    const expired = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => {
        deadline = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(deadline);
    let destroyed = 0;
    if (expired) {
      destroyed = this.connections.size;
      for (const { socket } of this.connections.values()) socket.destroy();
      await closed;
    }
    return { destroyed, durationMs: Date.now() - started };
  }

  private track(socket: Socket): void {
    const connection: Connection = { socket, inFlight: new Set() };
    this.connections.set(socket, connection);
    socket.once('close', () => {
      clearTimeout(connection.idleTimer);
      this.connections.delete(socket);
    });
    // Accepted in the instant before the listener closed.
    if (this.draining) this.closeWhenIdle(connection);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    // Node then closes the connection once this response is sent.
    if (this.closing()) res.setHeader('Connection', 'close');
    const connection = this.connections.get(req.socket);
    if (!connection) return;
    clearTimeout(connection.idleTimer);
    connection.inFlight.add(res);
    res.once('close', () => {
      connection.inFlight.delete(res);
      if (this.draining && connection.inFlight.size === 0) this.closeWhenIdle(connection);
    });
  }

  private closeWhenIdle(connection: Connection): void {
    if (connection.socket.destroyed) return;
    clearTimeout(connection.idleTimer);
    // End (FIN) once our side is flushed, as Node does after a Connection: close response.
    connection.idleTimer = setTimeout(() => connection.socket.destroySoon(), this.idleGraceMs);
  }
}
