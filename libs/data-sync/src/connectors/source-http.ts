import type { IncomingHttpHeaders } from 'node:http';
import { type OutboundHttp, OutboundRefusedError, type OutboundResponse } from '@quorum/platform';
import type { CircuitBreaker } from './circuit-breaker';
import { ConnectorError } from './connector-error';
import { sleep } from './sleep';
import type { TokenBucket } from './token-bucket';

export interface SourceHttpOptions {
  /** Tries of one call, for network errors, timeouts, 408, 429 and 5xx (only 429 and 503 for a POST). */
  attempts: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** The longest Retry-After honoured; a source asking for more fails the call with that reason. */
  maxRetryAfterMs: number;
  /** The first backoff; each next one is four times longer, with jitter, up to 10 s. */
  backoffMs: number;
}

export const SOURCE_HTTP_DEFAULTS: SourceHttpOptions = {
  attempts: 4,
  timeoutMs: 20_000,
  maxResponseBytes: 20 * 1024 * 1024,
  maxRetryAfterMs: 60_000,
  backoffMs: 250,
};

export interface SourceRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

/**
 * A source's HTTP client for one run. Every call is vetted by the SSRF guard (OutboundHttp), waits for the source's
 * rate limit, is retried with backoff (a Retry-After answer is honoured), and counts for the source's circuit breaker:
 * after repeated failures calls fail at once until the breaker's cool-down ends. Any final status resolves; a call
 * that never got an answer it could use rejects with a ConnectorError naming why.
 */
export class SourceHttp {
  constructor(
    private readonly outbound: OutboundHttp,
    private readonly breaker: CircuitBreaker,
    private readonly bucket: TokenBucket,
    private readonly signal: AbortSignal,
    private readonly options: SourceHttpOptions = SOURCE_HTTP_DEFAULTS,
  ) {}

  async request(url: string, init: SourceRequest = {}): Promise<OutboundResponse> {
    const method = (init.method ?? 'GET').toUpperCase();
    let reason = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      this.breaker.admit();
      await this.bucket.take(this.signal);
      let response: OutboundResponse;
      try {
        response = await this.outbound.request(url, {
          method,
          headers: { 'user-agent': 'Quorum-DataSync/1', ...init.headers },
          body: init.body,
          timeoutMs: init.timeoutMs ?? this.options.timeoutMs,
          maxResponseBytes: init.maxResponseBytes ?? this.options.maxResponseBytes,
          signal: this.signal,
        });
      } catch (error) {
        if (error instanceof OutboundRefusedError) throw new ConnectorError(`the URL is refused: ${error.reason}`);
        this.signal.throwIfAborted();
        reason = `${method} ${redact(url)} failed: ${describe(error as NodeJS.ErrnoException, init.timeoutMs ?? this.options.timeoutMs)}`;
        this.breaker.failure();
        // A POST that may have reached the source is not sent twice.
        if (method === 'POST') break;
        if (attempt < this.options.attempts) await sleep(this.backoff(attempt), this.signal);
        continue;
      }
      const retryable =
        response.status === 429 || response.status === 503 || (method !== 'POST' && (response.status === 408 || response.status >= 500));
      if (!retryable) {
        this.breaker.success();
        return response;
      }
      this.breaker.failure();
      reason = `${method} ${redact(url)} answered HTTP ${response.status}`;
      if (attempt === this.options.attempts) break;
      const asked = retryAfterMs(response.headers['retry-after']);
      if (asked !== null && asked > this.options.maxRetryAfterMs)
        throw new ConnectorError(`${reason} and asked to wait ${Math.ceil(asked / 1000)} s (Retry-After); the next run tries again`, true);
      await sleep(asked ?? this.backoff(attempt), this.signal);
    }
    throw new ConnectorError(`${reason} (after ${this.options.attempts} attempts)`, true);
  }

  /** A WHATWG fetch over `request`, for client libraries that take one (tsdav, gaxios). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((value, key) => (headers[key] = value));
    const body = init?.body ?? (input instanceof Request ? await input.text() : undefined);
    const response = await this.request(url, {
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      headers,
      body: body == null ? undefined : await new Response(body).text(),
    });
    const out = new Headers();
    for (const [key, value] of Object.entries(response.headers as IncomingHttpHeaders))
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(key, v);
    const empty = response.status === 204 || response.status === 304 || (response.status >= 100 && response.status < 200);
    return new Response(empty ? null : response.body, { status: response.status, headers: out });
  };

  private backoff(attempt: number): number {
    const base = Math.min(10_000, this.options.backoffMs * 4 ** (attempt - 1));
    return base / 2 + Math.random() * (base / 2);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A URL for a log line: no query string (tokens travel there) and no user info. */
export function redact(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(an unreadable URL)';
  }
}

function describe(error: NodeJS.ErrnoException, timeoutMs: number): string {
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `DNS lookup failed (${error.code})`;
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.message === 'timed out') return `no answer within ${timeoutMs / 1000} s`;
  return error.code ? `${error.code}` : error.message;
}
