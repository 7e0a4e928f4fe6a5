import { type ClientRequest, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from './until';

export interface SseEvent {
  event: string;
  data: any;
}

/**
 * A Server-Sent Events request read as it arrives, as a browser's EventSource (or fetch) would, on its own
 * connection: a test can wait for an event, see the stream end, or hang up in the middle.
 */
export class SseStream {
  readonly events: SseEvent[] = [];
  status?: number;
  /** Settles when the response has ended or the connection closed, from either side. */
  readonly closed: Promise<void>;
  private buffer = '';

  constructor(private readonly req: ClientRequest) {
    this.closed = new Promise((resolve) => {
      req.on('response', (res) => {
        this.status = res.statusCode;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.receive(chunk));
        res.on('close', () => resolve());
      });
      req.on('error', () => resolve());
      req.on('close', () => {
        if (this.status === undefined) resolve();
      });
    });
  }

  /** The first event named `event` that matches, waiting for it if it has not come yet. */
  waitFor(event: string, matches: (data: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
    return until(
      `SSE event ${event}`,
      () => Promise.resolve(this.events.find((e) => e.event === event && matches(e.data))?.data),
      timeoutMs,
      10,
    );
  }

  /** The client goes away: its connection is closed without reading further. */
  hangUp(): void {
    this.req.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end !== -1; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      this.events.push({ event, data: JSON.parse(data) });
    }
  }
}

/** POSTs `body` as JSON to a listening server with `Accept: text/event-stream` and reads the answer as it streams. */
export function openSse(server: Server, path: string, token: string, body: unknown): SseStream {
  const payload = JSON.stringify(body);
  const req = httpRequest({
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    path,
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'text/event-stream',
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(payload),
    },
  });
  const stream = new SseStream(req);
  req.end(payload);
  return stream;
}
