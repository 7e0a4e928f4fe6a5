import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config';
import { type NonPublicKind, nonPublicKind } from './address-policy';
import { OutboundRefusedError } from './outbound-refused.error';
import { parseOutboundUrl } from './outbound-url';

export interface OutboundRequest {
  /** Any token: WebDAV needs PROPFIND, REPORT and MKCALENDAR. */
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, redirects included, must end within this. */
  timeoutMs: number;
  /** Redirects followed (each target vetted like the first); one more is an error. Default 3. */
  maxRedirects?: number;
  /** The response body is read up to this many bytes and the rest dropped. Default 64 KiB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

/** A URL whose host has been resolved and vetted: the connection goes to `address`, whatever DNS says by then. */
export interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * HTTP calls to URLs that users configure (webhooks, data sync), guarded against server-side request
 * forgery: the host is resolved first and every address it resolves to must be public (see
 * nonPublicKind), unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true. The connection is then made to the
 * vetted address itself (a `lookup` that answers with it), so a DNS answer that changes between the
 * check and the connection (rebinding) cannot send it elsewhere. Redirects are followed by hand, each
 * target vetted the same way, at most `maxRedirects` of them.
 */
@Injectable()
export class OutboundHttp {
  constructor(private readonly config: AppConfig) {}

  get allowsPrivateNetworks(): boolean {
    return this.config.outboundAllowPrivateNetworks;
  }

  /** Parses, resolves and vets a URL; throws OutboundRefusedError saying why it may not be called. */
  async vet(raw: string | URL): Promise<VettedTarget> {
    const url = typeof raw === 'string' ? parseOutboundUrl(raw) : raw;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let addresses: { address: string; family: number }[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await dnsLookup(host, { all: true, verbatim: true });
      } catch (error) {
        throw new OutboundRefusedError(url.href, `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`);
      }
      if (!addresses.length) throw new OutboundRefusedError(url.href, `${host} does not resolve`);
    }
    for (const { address } of addresses) {
      const kind = this.refusedKind(address);
      if (kind)
        throw new OutboundRefusedError(
          url.href,
          `${host === address ? address : `${host} resolves to ${address}, which`} is a ${kind} address (set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow private networks)`,
        );
    }
    const [first] = addresses;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  /** The kind of network that makes `address` off limits, or null when it may be called. */
  protected refusedKind(address: string): NonPublicKind | null {
    return this.allowsPrivateNetworks ? null : nonPublicKind(address);
  }

  /** One call, following vetted redirects; network errors and timeouts reject, any status resolves. */
  async request(raw: string, options: OutboundRequest): Promise<OutboundResponse> {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let method = options.method ?? 'GET';
    let body = options.body;
    const headers = { ...options.headers };
    let target = await this.vet(raw);
    for (let redirects = 0; ; redirects++) {
      signal.throwIfAborted();
      const response = await send(target, method, headers, body, signal, options.maxResponseBytes ?? 65_536);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location) return { ...response, url: target.url.href };
      if (redirects >= (options.maxRedirects ?? 3))
        throw new Error(`more than ${options.maxRedirects ?? 3} redirects, the last to ${location}`);
      const next = parseOutboundUrl(new URL(location, target.url).href);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
      }
      if (next.origin !== target.url.origin)
        for (const name of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
      target = await this.vet(next);
    }
  }
}

function send(
  target: VettedTarget,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Omit<OutboundResponse, 'url'>> {
  const { url, address, family } = target;
  // Answers every lookup of this connection with the vetted address (Node asks for `all` when it races families).
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBytes) return;
          chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
          // Enough read: an endless answer must not hold the call until its deadline.
          if (size >= maxBytes) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', reject);
      },
    );
    req.on('error', (error) => reject(signal.aborted ? timeoutOr(signal, error) : error));
    req.end(body);
  });
}

/** A deadline's abort reads as a timeout, not as "This operation was aborted". */
function timeoutOr(signal: AbortSignal, error: Error): Error {
  const reason = signal.reason as Error | undefined;
  return reason?.name === 'TimeoutError' ? new Error('timed out', { cause: error }) : (reason ?? error);
}
