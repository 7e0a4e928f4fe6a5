import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/**
 * A Socket.IO client that speaks the wire protocol (Engine.IO 4 over a
 * WebSocket, Socket.IO 5 packets, the default JSON encoding) straight on `ws`,
 * with only what the fan-out benchmark needs: connect to a namespace with
 * `auth`, emit with an acknowledgement, receive events, answer pings.
 *
 * Why not socket.io-client: the benchmark holds a thousand clients in one
 * process, so every delivery of a round is decoded by one thread in turn, and
 * socket.io-client's per-packet work (its Engine.IO and Socket.IO decoders,
 * emitters, the ack and buffer bookkeeping; ≈ 28 µs a delivery here) then
 * makes the later sockets wait on the client rather than on the server. A
 * thousand real clients decode in parallel; this client reads a frame for a
 * few microseconds, which keeps the measurement on the server's side. The
 * bytes on the wire are the same, and the server cannot tell the difference.
 *
 * Protocol references: https://socket.io/docs/v4/engine-io-protocol/ and
 * https://socket.io/docs/v4/socket-io-protocol/.
 */

/** Engine.IO packet types, the first character of each WebSocket frame. */
const EIO_OPEN = '0';
const EIO_PING = '2';
const EIO_PONG = '3';
const EIO_MESSAGE = '4';
/** Socket.IO packet types, the character after Engine.IO's `4`. */
const SIO_CONNECT = '0';
const SIO_DISCONNECT = '1';
const SIO_EVENT = '2';
const SIO_ACK = '3';
const SIO_CONNECT_ERROR = '4';

/** Called with the time the frame was read (performance.now()), before anything else is done with it. */
export type WireEventHandler = (event: string, args: unknown[], receivedAt: number) => void;

export class WireSocket {
  private nextAckId = 0;
  private readonly acks = new Map<number, (args: unknown[]) => void>();
  private handler: WireEventHandler | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly namespace: string,
  ) {}

  /**
   * Opens the WebSocket transport at `baseUrl` (http://host:port, Socket.IO's
   * default path) and connects `namespace` with `auth`; rejects with the
   * server's CONNECT_ERROR, a closed socket or a timeout.
   */
  static connect(baseUrl: string, namespace: string, auth: unknown, timeoutMs: number): Promise<WireSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const socket = new WireSocket(ws, namespace);
    return new Promise<WireSocket>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error(`no Socket.IO connection to ${namespace} within ${timeoutMs} ms`)), timeoutMs);
      ws.on('error', fail);
      ws.on('close', () => fail(new Error('the server closed the WebSocket during the handshake')));
      ws.on('message', (data: Buffer) => {
        const frame = data.toString();
        if (frame.startsWith(EIO_OPEN)) {
          ws.send(`${EIO_MESSAGE}${SIO_CONNECT}${namespace},${JSON.stringify(auth)}`);
          return;
        }
        if (frame === EIO_PING) {
          ws.send(EIO_PONG);
          return;
        }
        const packet = socket.parse(frame);
        if (packet?.type === SIO_CONNECT) {
          clearTimeout(timer);
          ws.removeAllListeners();
          socket.listen();
          resolve(socket);
        } else if (packet?.type === SIO_CONNECT_ERROR) {
          fail(new Error(`connect_error: ${packet.json}`));
        }
      });
    });
  }

  /** Every event the server emits to this socket's namespace goes to `handler`. */
  onEvent(handler: WireEventHandler): void {
    this.handler = handler;
  }

  /** Emits `event` with `data` and resolves with the acknowledgement's first argument. */
  emitWithAck(event: string, data: unknown, timeoutMs: number): Promise<unknown> {
    const id = this.nextAckId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`no acknowledgement of ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(id, (args) => {
        clearTimeout(timer);
        resolve(args[0]);
      });
      this.ws.send(`${EIO_MESSAGE}${SIO_EVENT}${this.namespace},${id}${JSON.stringify([event, data])}`);
    });
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(`${EIO_MESSAGE}${SIO_DISCONNECT}${this.namespace},`);
    this.ws.close();
  }

  private listen(): void {
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data: Buffer) => {
      const receivedAt = performance.now();
      const frame = data.toString();
      if (frame === EIO_PING) {
        this.ws.send(EIO_PONG);
        return;
      }
      const packet = this.parse(frame);
      if (!packet) return;
      if (packet.type === SIO_EVENT && this.handler) {
        const [event, ...args] = JSON.parse(packet.json) as [string, ...unknown[]];
        this.handler(event, args, receivedAt);
      } else if (packet.type === SIO_ACK && packet.id !== undefined) {
        const ack = this.acks.get(packet.id);
        this.acks.delete(packet.id);
        ack?.(JSON.parse(packet.json) as unknown[]);
      }
    });
  }

  /** `4<type><namespace>,[<ack id>]<json>` for this socket's namespace; undefined for anything else. */
  private parse(frame: string): { type: string; id?: number; json: string } | undefined {
    if (frame[0] !== EIO_MESSAGE) return undefined;
    const type = frame[1];
    const prefix = `${this.namespace},`;
    if (!frame.startsWith(prefix, 2)) return undefined;
    let at = 2 + prefix.length;
    let digits = '';
    while (at < frame.length && frame[at] >= '0' && frame[at] <= '9') digits += frame[at++];
    return { type, id: digits ? Number(digits) : undefined, json: frame.slice(at) };
  }
}
