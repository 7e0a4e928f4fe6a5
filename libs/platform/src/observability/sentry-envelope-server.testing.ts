import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface EnvelopeItem {
  header: { type: string; length?: number } & Record<string, unknown>;
  /** The item's JSON payload, parsed (events, client reports, sessions are all JSON). */
  payload: Record<string, unknown>;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
  /** The public key the SDK authenticated with (X-Sentry-Auth or ?sentry_key). */
  sentryKey: string | undefined;
  /** The whole envelope as received, decompressed: what a leak test searches. */
  raw: string;
}

/**
 * Sentry's ingestion endpoint, as much of it as the SDK talks to:
 * `POST /api/<project>/envelope/`, a body (gzip, deflate or br, as
 * Content-Encoding says) of newline-separated JSON: the envelope header, then
 * each item's header and payload (`length` bytes when the header gives one,
 * else up to the newline). See https://develop.sentry.dev/sdk/envelopes/.
 */
export class SentryEnvelopeServer {
  readonly envelopes: Envelope[] = [];
  private readonly received = new EventEmitter();

  private constructor(
    private readonly server: Server,
    readonly projectId: string,
  ) {}

  static async start(projectId = '4242'): Promise<SentryEnvelopeServer> {
    const server = createServer();
    const instance = new SentryEnvelopeServer(server, projectId);
    server.on('request', (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== `/api/${projectId}/envelope/`) {
          res.writeHead(404).end();
          return;
        }
        try {
          instance.accept(req, Buffer.concat(chunks));
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
        } catch (error) {
          res.writeHead(400).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** A DSN pointing here, with `publicKey` as its key. */
  dsn(publicKey = 'publickey'): string {
    return `http://${publicKey}@127.0.0.1:${(this.server.address() as AddressInfo).port}/${this.projectId}`;
  }

  /** Error events received so far (items of type `event`; client reports and sessions are left out). */
  events(): Record<string, unknown>[] {
    return this.envelopes.flatMap((envelope) => envelope.items.filter((item) => item.header.type === 'event').map((item) => item.payload));
  }

  /** Resolves once `count` events in all have arrived (no deadline: the test's own timeout is the limit). */
  async waitForEvents(count: number): Promise<Record<string, unknown>[]> {
    while (this.events().length < count) await new Promise((resolve) => this.received.once('envelope', resolve));
    return this.events();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(req: IncomingMessage, body: Buffer): void {
    const raw = decode(body, req.headers['content-encoding']);
    const auth = /sentry_key=([^,\s&]+)/.exec(`${req.headers['x-sentry-auth'] ?? ''} ${req.url ?? ''}`);
    this.envelopes.push({ ...parseEnvelope(raw), sentryKey: auth?.[1], raw: raw.toString('utf8') });
    this.received.emit('envelope');
  }
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding) {
    case undefined:
    case 'identity':
      return body;
    case 'gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      throw new Error(`unsupported Content-Encoding ${encoding}`);
  }
}

function parseEnvelope(body: Buffer): Omit<Envelope, 'sentryKey' | 'raw'> {
  let offset = 0;
  const line = (): Buffer => {
    const end = body.indexOf(0x0a, offset);
    const stop = end === -1 ? body.length : end;
    const result = body.subarray(offset, stop);
    offset = stop + 1;
    return result;
  };
  const header = JSON.parse(line().toString('utf8')) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (offset < body.length) {
    const itemHeader = line();
    if (itemHeader.length === 0) continue;
    const parsed = JSON.parse(itemHeader.toString('utf8')) as EnvelopeItem['header'];
    let payload: Buffer;
    if (typeof parsed.length === 'number') {
      payload = body.subarray(offset, offset + parsed.length);
      offset += parsed.length;
      if (body[offset] === 0x0a) offset += 1;
    } else {
      payload = line();
    }
    items.push({ header: parsed, payload: JSON.parse(payload.toString('utf8')) as Record<string, unknown> });
  }
  return { header, items };
}
