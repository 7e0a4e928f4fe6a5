import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeVector } from './fake-vectors.testing';

/** What a chat request asked for, in every protocol's terms: the system prompt and the turns, flattened to text. */
export interface ChatPrompt {
  model: string;
  system: string;
  messages: { role: string; content: string }[];
  /** The whole request body, as received. */
  body: Record<string, unknown>;
}

/** How the server answers a chat: the text to send (streamed in a few pieces when the client streams). */
export type ChatResponder = (prompt: ChatPrompt) => string;

/** How the server embeds a text for a model; throwing answers 500 (a model that is down). */
export type Embedder = (text: string, model: string) => number[];

/**
 * A failure to serve instead of the next answer:
 * - `status`: that HTTP status with a JSON error body (and `Retry-After` when given);
 * - `malformed`: 200 with a body that is not JSON (or, for streams, an event that is not);
 * - `truncated`: 200, then the connection is cut halfway through the body, or in a stream after
 *   `afterFrames` frames (default 1: before any text);
 * - `slow`: waits `ms` before answering normally (a client deadline shorter than that times out);
 * - `stall`: a provider that hangs: sends nothing at all, or in a stream `afterFrames` frames, then
 *   neither writes nor closes until the client hangs up (counted in `hangups`).
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'malformed' }
  | { kind: 'truncated'; afterFrames?: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'stall'; afterFrames?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON, or for multipart the form's text fields plus `file` (its size in bytes and SHA-256). */
  body: Record<string, unknown>;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Record<string, unknown>;
  raw: Buffer;
  /** The fault to serve for this request, if one was queued. */
  fault?: Fault;
}

/** Answers a word at a time, so streaming clients see several deltas. */
export function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export const echoResponder: ChatResponder = (prompt) =>
  `Echo from ${prompt.model}: ${prompt.messages.at(-1)?.content.replace(/\s+/g, ' ').slice(0, 80) ?? ''}`;

/**
 * The shared half of the protocol servers: a real HTTP server on a free port of 127.0.0.1 that records
 * every request and serves scripted faults in order (`failNext`), then answers as the protocol says.
 * Each provider's server (OpenAI, Anthropic, Gemini, Ollama) adds its routes and wire formats; tests
 * drive the real SDK clients against it, so nothing of ours is mocked.
 */
export abstract class ProtocolServer {
  readonly requests: RecordedRequest[] = [];
  responder: ChatResponder = echoResponder;
  /** How a streamed answer is cut into deltas: a word at a time unless a test needs other cuts (a placeholder split in two). */
  splitter: (text: string) => string[] = pieces;
  /**
   * The embeddings endpoint's vectors: by default small deterministic ones with no meaning (fakeVector); a test of
   * retrieval sets one whose similarities mean something (e.g. hashedEmbedding, lexical).
   */
  embedder: Embedder = (text) => fakeVector(text);
  /** Streamed answers being written now; a client that hangs up ends its stream (no more frames are written). */
  streaming = 0;
  /** Stalled exchanges still open, and how many stalled exchanges the client ended by closing its connection. */
  stalled = 0;
  hangups = 0;
  private readonly faults: Fault[] = [];
  private server?: Server;

  /** The server's origin, e.g. http://127.0.0.1:43123. */
  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.receive(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Queues faults for the next requests, one each, in order. */
  failNext(...faults: Fault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** Forgets recorded requests and queued faults, and answers by echo again. */
  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.hangups = 0;
    this.responder = echoResponder;
    this.embedder = (text) => fakeVector(text);
    this.splitter = pieces;
  }

  /** Handles one exchange; returns false when no route matched (404). */
  protected abstract route(exchange: Exchange): Promise<boolean>;

  /** The protocol's error body for a status (each vendor shapes errors its own way). */
  protected abstract errorBody(status: number, message: string): unknown;

  protected json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  /** Sends `body` as JSON unless the exchange's fault says to break it. */
  protected async answer(exchange: Exchange, body: unknown): Promise<void> {
    const { res, fault } = exchange;
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"this is": not json');
      return;
    }
    const text = JSON.stringify(body);
    if (fault?.kind === 'truncated') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      await sleep(20);
      res.destroy();
      return;
    }
    this.json(res, 200, body);
  }

  /**
   * Streams `frames` (already formatted: SSE events or NDJSON lines), pausing briefly between them; a
   * `malformed` fault replaces the second frame with junk, `truncated` cuts the connection after `afterFrames` (default 1).
   */
  protected async stream(exchange: Exchange, contentType: string, frames: string[], junk: string): Promise<void> {
    const { res, fault } = exchange;
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    this.streaming++;
    try {
      for (const [index, frame] of frames.entries()) {
        if (res.destroyed) {
          // The client hung up between frames, before a stall was reached (a busy machine's 2 ms pause can be long):
          // for a stalled exchange that is the hang-up the stall waits for.
          if (fault?.kind === 'stall') this.hangups++;
          return;
        }
        if (fault?.kind === 'truncated' && index === (fault.afterFrames ?? 1)) {
          await sleep(20);
          res.destroy();
          return;
        }
        if (fault?.kind === 'stall' && index === fault.afterFrames) {
          await this.stall(res);
          return;
        }
        res.write(fault?.kind === 'malformed' && index === 1 ? junk : frame);
        await sleep(2);
      }
      res.end();
    } finally {
      this.streaming--;
    }
  }

  /** Holds the exchange open, writing nothing, until its connection closes (the client hung up, or close() ended it). */
  private async stall(res: ServerResponse): Promise<void> {
    this.stalled++;
    try {
      if (!res.destroyed) await once(res, 'close');
      this.hangups++;
    } finally {
      this.stalled--;
    }
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);
    const body = parseBody(req, raw);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
    const fault = this.faults.shift();
    if (fault?.kind === 'slow') await sleep(fault.ms);
    if (fault?.kind === 'stall' && fault.afterFrames === undefined) {
      await this.stall(res);
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
      this.json(res, fault.status, this.errorBody(fault.status, `scripted ${fault.status}`), headers);
      return;
    }
    const matched = await this.route({ req, res, url, body, raw, fault: fault?.kind === 'slow' ? undefined : fault });
    if (!matched) this.json(res, 404, this.errorBody(404, `no route ${req.method} ${url.pathname}`));
  }
}

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, /boundary=(?:"([^"]+)"|([^;]+))/.exec(type));
  if (!raw.length) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { unparsed: raw.toString('utf8') };
  }
}

/** Just enough multipart/form-data for an audio upload: text fields by name, and the file's name, type, size and SHA-256. */
function parseMultipart(raw: Buffer, boundaryMatch: RegExpExecArray | null): Record<string, unknown> {
  if (!boundaryMatch) return {};
  const boundary = Buffer.from(`--${(boundaryMatch.at(1) ?? boundaryMatch.at(2))!}`);
  const fields: Record<string, unknown> = {};
  let start = raw.indexOf(boundary);
  while (start !== -1) {
    const next = raw.indexOf(boundary, start + boundary.length);
    if (next === -1) break;
    const part = raw.subarray(start + boundary.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (name && filename !== undefined) {
      fields[name] = {
        filename,
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
      };
    } else if (name) {
      const value = content.toString('utf8');
      fields[name] = name in fields ? [...([] as unknown[]).concat(fields[name]), value] : value;
    }
    start = next;
  }
  return fields;
}
